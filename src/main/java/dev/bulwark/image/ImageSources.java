package dev.bulwark.image;

import dev.bulwark.image.archive.DirectoryArchiveFiles;
import dev.bulwark.image.archive.DockerArchiveSource;
import dev.bulwark.image.archive.OciLayoutSource;
import dev.bulwark.image.archive.TarArchiveFiles;

/** Opens the source an {@link ImageRef} names. */
public final class ImageSources {
  private ImageSources() {}

  public static ImageSource open(ImageRef ref, SourceOptions options) {
    return switch (ref) {
      case ImageRef.DockerArchive archive ->
          new DockerArchiveSource(new TarArchiveFiles(archive.path()), ref.display(), options);
      case ImageRef.OciArchive archive ->
          new OciLayoutSource(new TarArchiveFiles(archive.path()), java.util.Optional.empty(), ref.display(), options);
      case ImageRef.OciLayout layout ->
          new OciLayoutSource(new DirectoryArchiveFiles(layout.dir()), layout.tag(), ref.display(), options);
      case ImageRef.Directory directory -> new DirectorySource(directory.path(), ref.display());
      case ImageRef.DockerDaemon daemon -> new dev.bulwark.image.docker.DockerDaemonSource(daemon.name(), options);
      case ImageRef.Registry registry -> new dev.bulwark.image.registry.RegistrySource(registry.reference(), options);
    };
  }
}
