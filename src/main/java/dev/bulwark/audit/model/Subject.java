package dev.bulwark.audit.model;

import java.util.Optional;

/**
 * Something the audit judges. Each kind is evaluated by the rules of its scope; every one carries
 * where its settings came from.
 */
public sealed interface Subject {
  SubjectRef ref();

  Provenance provenance();

  /** A container's runtime settings; {@code pod} when it runs in a Kubernetes pod. */
  record Container(SubjectRef ref, ContainerSettings settings, Optional<PodSettings> pod, Provenance provenance)
      implements Subject {}

  record Pod(SubjectRef ref, PodSettings settings, Provenance provenance) implements Subject {}

  record Build(SubjectRef ref, BuildFile file, Provenance provenance) implements Subject {}

  record Image(SubjectRef ref, ImageSettings settings, Provenance provenance) implements Subject {}

  record Daemon(SubjectRef ref, DaemonSettings settings, Provenance provenance) implements Subject {}

  record Host(SubjectRef ref, HostSettings settings, Provenance provenance) implements Subject {}
}
