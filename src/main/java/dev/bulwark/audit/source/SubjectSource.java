package dev.bulwark.audit.source;

import dev.bulwark.audit.model.Subject;
import java.util.List;

/**
 * Reads audit subjects from one kind of target: a Dockerfile, a compose file, Kubernetes
 * manifests, {@code docker inspect} output, an OCI runtime config, an image, a live Docker Engine.
 * Adding a kind is one class and one line in {@link SubjectSources}.
 */
public interface SubjectSource {
  /** A short name for messages ({@code dockerfile}, {@code kubernetes}, …). */
  String kind();

  /**
   * Whether this source reads {@code target}: cheap, by its form (a prefix like {@code docker:})
   * or by a file's name and first bytes.
   */
  boolean accepts(String target, AuditContext context);

  /** The subjects the target describes; malformed input is an {@code InputException} naming file and line. */
  List<Subject> load(String target, AuditContext context);
}
