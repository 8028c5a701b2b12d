package dev.bulwark.audit.source;

import dev.bulwark.audit.model.Subject;
import java.nio.file.Path;
import java.util.List;

/**
 * A source of one kind of file ({@link FileKind}): it reads a target that names such a file, by its
 * name and first bytes or by the kind's prefix ({@code compose:PATH}). Subclasses read the file.
 */
public abstract class FileSubjectSource implements SubjectSource {
  private final FileKind fileKind;

  protected FileSubjectSource(FileKind fileKind) {
    this.fileKind = fileKind;
  }

  @Override
  public final String kind() {
    return fileKind.prefix();
  }

  @Override
  public final boolean accepts(String target, AuditContext context) {
    return fileKind.file(target).isPresent();
  }

  @Override
  public final List<Subject> load(String target, AuditContext context) {
    return loadFile(fileKind.file(target).orElseThrow());
  }

  /** The subjects of one file of this kind; malformed input is an error naming file and line. */
  public abstract List<Subject> loadFile(Path file);
}
