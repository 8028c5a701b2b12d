package dev.bulwark.image.archive;

import dev.bulwark.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.OptionalLong;

/** An OCI image layout directory. Names are resolved under the root and must not climb out. */
public final class DirectoryArchiveFiles implements ArchiveFiles {
  private final Path root;

  public DirectoryArchiveFiles(Path root) {
    if (!Files.isDirectory(root)) {
      throw new InputException(root + ": not a directory");
    }
    this.root = root.toAbsolutePath().normalize();
  }

  private Path resolve(String name) {
    Path resolved = root.resolve(name).normalize();
    if (!resolved.startsWith(root)) {
      throw new InputException(root + ": path '" + name + "' leaves the layout");
    }
    return resolved;
  }

  @Override
  public OptionalLong size(String name) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return attributes.isRegularFile() ? OptionalLong.of(attributes.size()) : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public InputStream open(String name) throws IOException {
    Path file = resolve(name);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new java.nio.file.NoSuchFileException(file + " (not a regular file)");
    }
    return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public String name() {
    return root.toString();
  }

  @Override
  public void close() {}
}
