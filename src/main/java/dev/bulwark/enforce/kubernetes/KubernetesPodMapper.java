package dev.bulwark.enforce.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.source.kubernetes.KubernetesSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an admitted object with the audit's Kubernetes reader: the same pod templates, the same
 * folding of pod-level defaults into containers, so admission and {@code bulwark audit} agree.
 */
public final class KubernetesPodMapper implements PodMapper {
  @Override
  public Optional<Pod> map(JsonNode object, String kind, String namespace) {
    List<Subject> subjects = KubernetesSource.fromApiObject(object, "admission request " + kind, namespace);
    Subject.Pod pod = null;
    List<Subject.Container> containers = new ArrayList<>();
    for (Subject subject : subjects) {
      switch (subject) {
        case Subject.Pod p -> pod = p;
        case Subject.Container c -> containers.add(c);
        default -> {}
      }
    }
    return pod == null ? Optional.empty() : Optional.of(new Pod(pod, containers));
  }
}
