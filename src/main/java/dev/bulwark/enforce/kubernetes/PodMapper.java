package dev.bulwark.enforce.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.audit.model.Subject;
import java.util.List;
import java.util.Optional;

/**
 * Reads the pod a Kubernetes object runs (a Pod, or the pod template of a workload) into the
 * audit model: the pod's own settings and each container's, pod-level defaults folded in.
 */
@FunctionalInterface
public interface PodMapper {
  /**
   * @param kind the object's kind ({@code Pod}, {@code Deployment}, {@code CronJob}, …)
   * @param namespace the namespace of the request, for objects that leave theirs out
   * @return empty when the kind runs no pod
   */
  Optional<Pod> map(JsonNode object, String kind, String namespace);

  /** The pod subject and one container subject per container (init, regular, ephemeral). */
  record Pod(Subject.Pod pod, List<Subject.Container> containers) {
    public Pod {
      containers = List.copyOf(containers);
    }
  }
}
