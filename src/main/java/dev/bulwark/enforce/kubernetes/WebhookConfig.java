package dev.bulwark.enforce.kubernetes;

import java.util.Base64;
import java.util.Optional;

/**
 * The ValidatingWebhookConfiguration that sends pods and every workload with a pod template to
 * the guard: failurePolicy Fail (no answer, no pod), no side effects (the audit log is not cluster
 * state, so dry runs are sent too), v1 reviews only, the guard's own namespace and kube-system left
 * out so that the guard can always be restarted.
 */
public final class WebhookConfig {
  public static final String NAME = "bulwark-guard";
  public static final int TIMEOUT_SECONDS = 5;

  private WebhookConfig() {}

  /**
   * @param caBundle the PEM of the CA that signed the guard's certificate, when known
   */
  public static String yaml(String service, String namespace, String path, int port, Optional<byte[]> caBundle) {
    StringBuilder y = new StringBuilder();
    y.append("apiVersion: admissionregistration.k8s.io/v1\n");
    y.append("kind: ValidatingWebhookConfiguration\n");
    y.append("metadata:\n");
    y.append("  name: ").append(NAME).append("\n");
    y.append("webhooks:\n");
    y.append("  - name: guard.bulwark.dev\n");
    y.append("    admissionReviewVersions: [\"v1\"]\n");
    y.append("    sideEffects: None\n");
    y.append("    failurePolicy: Fail\n");
    y.append("    matchPolicy: Equivalent\n");
    y.append("    timeoutSeconds: ").append(TIMEOUT_SECONDS).append("\n");
    y.append("    clientConfig:\n");
    y.append("      service:\n");
    y.append("        name: ").append(quote(service)).append("\n");
    y.append("        namespace: ").append(quote(namespace)).append("\n");
    y.append("        path: ").append(quote(path)).append("\n");
    y.append("        port: ").append(port).append("\n");
    if (caBundle.isPresent()) {
      y.append("      caBundle: ").append(Base64.getEncoder().encodeToString(caBundle.orElseThrow())).append("\n");
    } else {
      y.append("      # caBundle: base64 of the PEM CA certificate that signed the guard's certificate\n");
    }
    y.append("    namespaceSelector:\n");
    y.append("      matchExpressions:\n");
    y.append("        - key: kubernetes.io/metadata.name\n");
    y.append("          operator: NotIn\n");
    y.append("          values: [\"kube-system\", ").append(quote(namespace)).append("]\n");
    y.append("    rules:\n");
    rule(y, "\"\"", "pods, pods/ephemeralcontainers, replicationcontrollers, podtemplates");
    rule(y, "apps", "deployments, replicasets, statefulsets, daemonsets");
    rule(y, "batch", "jobs, cronjobs");
    return y.toString();
  }

  private static void rule(StringBuilder y, String group, String resources) {
    y.append("      - apiGroups: [").append(group).append("]\n");
    y.append("        apiVersions: [\"v1\"]\n");
    y.append("        operations: [\"CREATE\", \"UPDATE\"]\n");
    y.append("        resources: [").append(resources).append("]\n");
    y.append("        scope: \"Namespaced\"\n");
  }

  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
