package dev.bulwark.cli;

import dev.bulwark.InputException;
import dev.bulwark.UsageException;
import dev.bulwark.enforce.AuditSink;
import dev.bulwark.enforce.Guard;
import dev.bulwark.enforce.kubernetes.AdmissionReviews;
import dev.bulwark.enforce.kubernetes.KubernetesPodMapper;
import dev.bulwark.enforce.kubernetes.PemKeys;
import dev.bulwark.enforce.kubernetes.WebhookConfig;
import dev.bulwark.enforce.kubernetes.WebhookServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bulwark guard kubernetes}: the validating admission webhook. */
@Command(
    name = "kubernetes",
    mixinStandardHelpOptions = true,
    description = {
      "Serve validating admission (AdmissionReview v1) over HTTPS for pods and every workload with a pod",
      "template. Runs until interrupted. With --print-webhook-config, print the ValidatingWebhookConfiguration",
      "that sends them here, and exit."
    })
final class GuardKubernetesCommand implements Callable<Integer> {
  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "PEM certificate chain, leaf first; its SANs must name the service (NAME.NAMESPACE.svc).")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC).")
  Path tlsKey;

  @Option(names = "--listen", paramLabel = "ADDR:PORT", description = "Where to listen (default: ${DEFAULT-VALUE}).")
  String listen = "0.0.0.0:8443";

  @Option(names = "--path", paramLabel = "PATH", description = "The webhook's path (default: ${DEFAULT-VALUE}).")
  String path = "/validate";

  @Option(names = "--print-webhook-config", description = "Print the ValidatingWebhookConfiguration and exit.")
  boolean printConfig;

  @Option(names = "--service", paramLabel = "NAME", description = "The guard's Service (default: ${DEFAULT-VALUE}).")
  String service = "bulwark-guard";

  @Option(names = "--namespace", paramLabel = "NS", description = "The Service's namespace (default: ${DEFAULT-VALUE}).")
  String namespace = "bulwark";

  @Option(names = "--service-port", paramLabel = "PORT", description = "The Service's port (default: ${DEFAULT-VALUE}).")
  int servicePort = 443;

  @Option(names = "--ca-bundle", paramLabel = "FILE", description = "PEM CA certificate to put in caBundle.")
  Path caBundle;

  @Mixin GuardOptions options;

  @Spec CommandSpec spec;

  /** A running webhook. */
  record Running(WebhookServer server, AuditSink audit) implements AutoCloseable {
    @Override
    public void close() throws java.io.IOException {
      server.close();
      if (audit instanceof java.io.Closeable closeable) {
        closeable.close();
      }
    }
  }

  static InetSocketAddress parseListen(String listen) {
    int colon = listen.lastIndexOf(':');
    if (colon < 0 || !listen.substring(colon + 1).matches("[0-9]{1,5}")) {
      throw new UsageException("--listen '" + listen + "' must be ADDRESS:PORT");
    }
    int port = Integer.parseInt(listen.substring(colon + 1));
    String host = listen.substring(0, colon).replaceAll("^\\[|\\]$", "");
    if (port > 65535) {
      throw new UsageException("--listen: port " + port + " out of range");
    }
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }

  String webhookConfig() {
    if (!path.startsWith("/")) {
      throw new UsageException("--path must start with '/'");
    }
    Optional<byte[]> ca = Optional.empty();
    if (caBundle != null) {
      try {
        PemKeys.certificates(caBundle);
        ca = Optional.of(Files.readAllBytes(caBundle));
      } catch (IOException e) {
        throw new InputException("cannot read " + caBundle + ": " + e.getMessage(), e);
      }
    }
    return WebhookConfig.yaml(service, namespace, path, servicePort, ca);
  }

  Running start() {
    if (tlsCert == null || tlsKey == null) {
      throw new UsageException("--tls-cert and --tls-key are required: the API server only calls webhooks over HTTPS");
    }
    if (!path.startsWith("/")) {
      throw new UsageException("--path must start with '/'");
    }
    SSLContext tls = PemKeys.serverContext(tlsCert, tlsKey);
    // The JDK server writes headers and body apart; with Nagle's algorithm a kept-alive client's
    // delayed ACK then stalls each answer by up to 40 ms. Read once, when the server class loads.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    AuditSink audit = options.audit();
    Guard guard = new Guard(options.decider(), audit);
    AdmissionReviews reviews = new AdmissionReviews(new KubernetesPodMapper(), guard, Clock.systemUTC());
    try {
      return new Running(WebhookServer.start(parseListen(listen), path, tls, options.threads, reviews), audit);
    } catch (IOException e) {
      throw new InputException("cannot listen on " + listen + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Integer call() throws Exception {
    if (options.printedDefaultPolicy(spec.commandLine().getOut())) {
      return 0;
    }
    if (printConfig) {
      spec.commandLine().getOut().print(webhookConfig());
      spec.commandLine().getOut().flush();
      return 0;
    }
    Running running = start();
    return GuardOptions.serveUntilStopped(running, spec.commandLine().getErr(),
        "bulwark guard: admission webhook on https://" + listen + path);
  }
}
