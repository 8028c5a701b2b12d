package dev.bulwark.audit.rule;

import dev.bulwark.audit.model.Subject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a rule judges, and the CEL variables its expressions see. The first variable is the one
 * evidence paths are relative to.
 */
public enum Scope {
  /** A container; {@code pod} is its Kubernetes pod, or null. */
  CONTAINER(List.of("container", "pod")),
  POD(List.of("pod")),
  /** A Dockerfile; {@code stage} is its final stage, the one that runs. */
  DOCKERFILE(List.of("dockerfile", "stage")),
  /** Each instruction of each stage of a Dockerfile. */
  INSTRUCTION(List.of("instruction", "stage", "dockerfile")),
  IMAGE(List.of("image")),
  DAEMON(List.of("daemon")),
  HOST(List.of("host"));

  private final List<String> variables;

  Scope(List<String> variables) {
    this.variables = variables;
  }

  public List<String> variables() {
    return variables;
  }

  /** The variable evidence paths start from. */
  public String primary() {
    return variables.getFirst();
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether rules of this scope judge {@code subject}. */
  public boolean judges(Subject subject) {
    return switch (subject) {
      case Subject.Container c -> this == CONTAINER;
      case Subject.Pod p -> this == POD;
      case Subject.Build b -> this == DOCKERFILE || this == INSTRUCTION;
      case Subject.Image i -> this == IMAGE;
      case Subject.Daemon d -> this == DAEMON;
      case Subject.Host h -> this == HOST;
    };
  }

  public static Optional<Scope> parse(String text) {
    for (Scope scope : values()) {
      if (scope.label().equals(text)) {
        return Optional.of(scope);
      }
    }
    return Optional.empty();
  }
}
