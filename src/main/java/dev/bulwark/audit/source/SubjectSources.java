package dev.bulwark.audit.source;

import dev.bulwark.UsageException;
import dev.bulwark.audit.live.DockerEngineSource;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.source.compose.ComposeSource;
import dev.bulwark.audit.source.dockerfile.DockerfileSource;
import dev.bulwark.audit.source.dockerinspect.DockerInspectSource;
import dev.bulwark.audit.source.image.ImageSubjectSource;
import dev.bulwark.audit.source.kubernetes.KubernetesSource;
import dev.bulwark.audit.source.oci.OciRuntimeSource;
import java.util.List;

/** The registry of subject sources; the first that accepts a target reads it. */
public final class SubjectSources {
  private SubjectSources() {}

  public static List<SubjectSource> all() {
    return List.of(
        new DockerEngineSource(),
        new ImageSubjectSource(),
        new DockerfileSource(),
        new ComposeSource(),
        new KubernetesSource(),
        new DockerInspectSource(),
        new OciRuntimeSource(),
        new DirectorySource());
  }

  public static List<Subject> load(String target, AuditContext context) {
    for (SubjectSource source : all()) {
      if (source.accepts(target, context)) {
        return source.load(target, context);
      }
    }
    throw new UsageException("'" + target + "' is not something Bulwark can audit: a Dockerfile, a compose file, "
        + "Kubernetes manifests, docker inspect output, an OCI runtime config.json, an image, "
        + "or docker: for the local Engine");
  }
}
