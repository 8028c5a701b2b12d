package dev.bulwark.audit.source.dockerinspect;

import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.source.FileKind;
import dev.bulwark.audit.source.SourceFiles;
import dev.bulwark.audit.source.FileSubjectSource;
import dev.bulwark.audit.source.tree.Cursor;
import dev.bulwark.audit.source.tree.JsonDocuments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Saved {@code docker inspect} output ({@code .json} files holding an array of container or image
 * objects, or one object; or {@code docker-inspect:PATH}): a {@link Subject.Container} per container,
 * a {@link Subject.Image} per image, with the line of every field cited.
 */
public final class DockerInspectSource extends FileSubjectSource {
  public DockerInspectSource() {
    super(FileKind.DOCKER_INSPECT);
  }

  @Override
  public List<Subject> loadFile(Path file) {
    return read(SourceFiles.read(file), file.toString());
  }

  public static List<Subject> read(byte[] json, String path) {
    Cursor root = Cursor.root(path, JsonDocuments.read(json, path));
    List<Cursor> objects = root.isList() ? root.items() : List.of(root);
    List<Subject> result = new ArrayList<>();
    for (Cursor object : objects) {
      if (!object.isMap()) {
        throw object.error("expected a container or image object");
      }
      if (DockerInspectMapper.isContainer(object)) {
        result.add(DockerInspectMapper.container(object));
      } else if (object.get("RootFS").exists() || object.get("RepoTags").exists()) {
        result.add(DockerInspectMapper.image(object));
      } else {
        throw object.error("neither a container nor an image (docker inspect of a network or volume?)");
      }
    }
    return result;
  }
}
