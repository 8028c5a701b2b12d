package dev.bulwark.audit.source.compose;

import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.source.FileKind;
import dev.bulwark.audit.source.SourceFiles;
import dev.bulwark.audit.source.FileSubjectSource;
import dev.bulwark.audit.source.tree.Cursor;
import dev.bulwark.audit.source.tree.YamlDocuments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Docker compose files ({@code compose.yaml}, {@code docker-compose.yml}, overrides like
 * {@code compose.prod.yaml}, any YAML with a top-level {@code services} mapping, or
 * {@code compose:PATH}): one {@link Subject.Container} per service, in file order. Each file is read
 * alone: {@code extends}, {@code include} and override files are not merged.
 */
public final class ComposeSource extends FileSubjectSource {
  public ComposeSource() {
    super(FileKind.COMPOSE);
  }

  @Override
  public List<Subject> loadFile(Path file) {
    return read(SourceFiles.read(file), file.toString());
  }

  /** The services of a compose document; {@code path} names it in evidence. */
  public static List<Subject> read(byte[] yaml, String path) {
    List<Subject> result = new ArrayList<>();
    for (YamlDocuments.Document document : YamlDocuments.read(yaml, path)) {
      Cursor root = Cursor.root(path, Interpolation.apply(document.root()));
      if (!root.isMap()) {
        throw root.error("a compose file must be a mapping");
      }
      Cursor services = root.get("services");
      if (services.exists() && !services.isMap()) {
        throw services.error("services must be a mapping of service names to definitions");
      }
      for (Map.Entry<String, Cursor> service : services.entries().entrySet()) {
        result.add(ComposeService.read(service.getKey(), service.getValue()));
      }
    }
    return result;
  }
}
