package dev.bulwark.audit.source.dockerfile;

import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.model.SubjectRef;
import dev.bulwark.audit.source.FileKind;
import dev.bulwark.audit.source.SourceFiles;
import dev.bulwark.audit.source.FileSubjectSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Dockerfiles: {@code Dockerfile}, {@code Containerfile}, {@code *.Dockerfile}, {@code Dockerfile.*},
 * or any file as {@code dockerfile:PATH}. One {@link Subject.Build} per file.
 */
public final class DockerfileSource extends FileSubjectSource {
  public DockerfileSource() {
    super(FileKind.DOCKERFILE);
  }

  @Override
  public List<Subject> loadFile(Path file) {
    String path = file.toString();
    return List.of(read(new String(SourceFiles.read(file), StandardCharsets.UTF_8), path));
  }

  /** The subject of one Dockerfile's text; {@code path} names it in evidence. */
  public static Subject.Build read(String text, String path) {
    DockerfileParser.Parsed parsed = DockerfileParser.parse(text, path);
    int line = parsed.provenance().subject().line().orElse(1);
    return new Subject.Build(new SubjectRef("dockerfile", path, Optional.empty(), Optional.of(path), Optional.of(line)),
        parsed.file(), parsed.provenance());
  }
}
