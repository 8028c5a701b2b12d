package dev.bulwark.enforce;

import dev.bulwark.audit.model.Subject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One request an enforcement point decides on, whatever carried it (the Docker authorization
 * plugin protocol, a Kubernetes AdmissionReview), normalized.
 *
 * @param user the authenticated user as the carrier reports it; empty when anonymous
 * @param authMethod how the user authenticated (Docker's {@code UserAuthNMethod}, Kubernetes' user info)
 * @param method the HTTP method (Docker) or admission operation (CREATE, UPDATE)
 * @param uri the request URI (Docker) or the object's resource path (Kubernetes)
 * @param action what the request does: {@code container.create}, {@code exec.create}, {@code image.pull},
 *     {@code image.push}, {@code plugin.install}, {@code plugin.change}, {@code volume.create},
 *     {@code network.create}, {@code kubernetes.admit}, {@code other}
 * @param subject the object the request would create, in the audit model, when it describes one
 * @param summary a short description of the object for the audit log ({@code image=alpine privileged=true})
 * @param problem why the request could not be inspected (empty body, truncated, not JSON), if so
 * @param attributes carrier details worth logging (image, labels, the request id)
 */
public record GuardRequest(
    Instant time,
    Optional<String> user,
    String authMethod,
    String method,
    String uri,
    String action,
    Optional<Subject> subject,
    String summary,
    Optional<String> problem,
    Map<String, String> attributes) {
  public GuardRequest {
    attributes = Map.copyOf(attributes);
  }
}
