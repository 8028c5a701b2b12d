package dev.bulwark.audit.source.kubernetes;

import dev.bulwark.audit.source.tree.Cursor;
import java.util.Map;
import java.util.Optional;

/** Where each workload kind keeps its pod template. */
final class PodTemplates {
  /** Kind → path of the pod template (metadata and spec) within the object; {@code ""} for a Pod itself. */
  private static final Map<String, String> TEMPLATES = Map.ofEntries(
      Map.entry("Pod", ""),
      Map.entry("PodTemplate", "template"),
      Map.entry("Deployment", "spec.template"),
      Map.entry("StatefulSet", "spec.template"),
      Map.entry("DaemonSet", "spec.template"),
      Map.entry("ReplicaSet", "spec.template"),
      Map.entry("ReplicationController", "spec.template"),
      Map.entry("Job", "spec.template"),
      Map.entry("CronJob", "spec.jobTemplate.spec.template"),
      Map.entry("DeploymentConfig", "spec.template")); // OpenShift, apps.openshift.io

  private PodTemplates() {}

  /** The template holding {@code metadata} and {@code spec} for {@code kind}, if it has one. */
  static Optional<Cursor> template(String kind, Cursor object) {
    String path = TEMPLATES.get(kind);
    if (path == null) {
      return Optional.empty();
    }
    Cursor template = path.isEmpty() ? object : object.at(path);
    return template.get("spec").exists() ? Optional.of(template) : Optional.empty();
  }
}
