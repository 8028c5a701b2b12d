package dev.bulwark.enforce.docker;

import dev.bulwark.enforce.policy.RuleDecider;
import dev.bulwark.enforce.Guard;
import dev.bulwark.enforce.AuditSink;
import dev.bulwark.enforce.log.AuditLog;
import dev.bulwark.enforce.log.AuditLogOptions;
import dev.bulwark.enforce.log.AuditLogSink;
import dev.bulwark.enforce.kubernetes.AdmissionReviews;
import dev.bulwark.enforce.kubernetes.KubernetesPodMapper;
import dev.bulwark.enforce.kubernetes.PemKeys;
import dev.bulwark.testing.Tls;
import dev.bulwark.enforce.kubernetes.WebhookServer;
import dev.bulwark.io.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The guard's load generator and servers for bench/guard.sh, run as separate processes:
 *
 * <pre>
 *   serve-docker SOCKET AUDIT_LOG                      the authorization plugin, built-in checks
 *   serve-kubernetes PORT CERT KEY AUDIT_LOG           the admission webhook on 127.0.0.1
 *   load-docker SOCKET RATE SECONDS CONNECTIONS        AuthZReq calls at a fixed rate
 *   load-kubernetes PORT CA RATE SECONDS CONNECTIONS   AdmissionReviews at a fixed rate over HTTPS
 *   in-process SECONDS                                 the same decisions without a transport
 * </pre>
 *
 * Load is open-loop: request i is due at start + i/RATE and its latency counts from then, so a
 * stalled server shows in the percentiles (no coordinated omission). The mix cycles through an
 * allowed container create, a denied one, an exec and a ping (Docker), or an allowed and a denied
 * pod (Kubernetes).
 */
public final class GuardLoad {
  private GuardLoad() {}

  static final String DENIED = "{\"Image\":\"t:1\",\"HostConfig\":{\"Privileged\":true,\"Binds\":[\"/:/host\"]}}";

  static List<byte[]> dockerCalls() {
    return List.of(
        AuthzTranslatorTest.create(AuthzTranslatorTest.HARDENED),
        AuthzTranslatorTest.create(DENIED),
        AuthzTranslatorTest.call("", "POST", "/v1.41/containers/web/exec", "{\"User\":\"0\",\"Cmd\":[\"sh\"]}",
            Map.of("Content-Type", "application/json")),
        AuthzTranslatorTest.call("", "GET", "/_ping", null, Map.of()));
  }

  static List<byte[]> reviews() throws IOException {
    String ok = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\"},\"spec\":{\"containers\":"
        + "[{\"name\":\"app\",\"image\":\"nginx:1.27\",\"resources\":{\"limits\":{\"memory\":\"128Mi\"}}}]}}";
    String bad = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"},\"spec\":"
        + "{\"template\":{\"spec\":{\"hostPID\":true,\"containers\":[{\"name\":\"a\",\"image\":\"x\","
        + "\"securityContext\":{\"privileged\":true}}]}}}}";
    return List.of(
        dev.bulwark.enforce.kubernetes.AdmissionReviewsTest.review(Json.mapper().readTree(ok), "u1", false),
        dev.bulwark.enforce.kubernetes.AdmissionReviewsTest.review(Json.mapper().readTree(bad), "u2", false));
  }

  /** The built-in rules and the real hash-chained log with the CLI's defaults (fsync before each answer). */
  static Guard guard(Path auditLog) {
    Path key = auditLog.toAbsolutePath().getParent().resolve("keys").resolve("audit-signing.pem");
    AuditLogSink sink = new AuditLogSink(AuditLog.open(AuditLogOptions.defaults(auditLog, key)));
    Runtime.getRuntime().addShutdownHook(new Thread(sink::close)); // as the CLI does: a last signed checkpoint
    return new Guard(RuleDecider.defaults(Set.of()), sink);
  }

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "serve-docker" -> {
        AuthzPlugin plugin = new AuthzPlugin(new AuthzTranslator(new InspectContainerMapper(), Clock.systemUTC()),
            guard(Path.of(args[2])));
        UnixHttpServer.start(Path.of(args[1]), 8, plugin);
        System.out.println("ready");
        new CountDownLatch(1).await();
      }
      case "serve-kubernetes" -> {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // as GuardKubernetesCommand does
        AdmissionReviews reviews = new AdmissionReviews(new KubernetesPodMapper(), guard(Path.of(args[4])),
            Clock.systemUTC());
        WebhookServer.start(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])), "/validate",
            PemKeys.serverContext(Path.of(args[2]), Path.of(args[3])), 8, reviews);
        System.out.println("ready");
        new CountDownLatch(1).await();
      }
      case "load-docker" -> {
        List<byte[]> calls = dockerCalls();
        Path socket = Path.of(args[1]);
        load("docker AuthZReq (unix socket)", Integer.parseInt(args[2]), Integer.parseInt(args[3]),
            Integer.parseInt(args[4]), () -> new RawHttp(socket),
            (http, i) -> http.post("/AuthZPlugin.AuthZReq", calls.get(i % calls.size())));
      }
      case "load-kubernetes" -> {
        List<byte[]> reviews = reviews();
        int port = Integer.parseInt(args[1]);
        SSLContext tls = Tls.trusting(Path.of(args[2]));
        load("kubernetes AdmissionReview (HTTPS loopback)", Integer.parseInt(args[3]), Integer.parseInt(args[4]),
            Integer.parseInt(args[5]), () -> {
              SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
              socket.setTcpNoDelay(true);
              socket.startHandshake();
              return new RawHttp(new java.io.BufferedInputStream(socket.getInputStream()),
                  new java.io.BufferedOutputStream(socket.getOutputStream()));
            },
            (http, i) -> http.post("/validate", reviews.get(i % reviews.size())));
      }
      case "in-process" -> inProcess(Integer.parseInt(args[1]));
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  interface Connect {
    RawHttp open() throws Exception;
  }

  interface Call {
    RawHttp.Response send(RawHttp http, int i) throws Exception;
  }

  /** A warm-up of {@link #WARM_UP_SECONDS} on the same connections, then the measured run. */
  static void load(String what, int rate, int seconds, int connections, Connect connect, Call call) throws Exception {
    RawHttp[] pool = new RawHttp[connections];
    for (int w = 0; w < connections; w++) {
      pool[w] = connect.open();
    }
    run(null, rate, WARM_UP_SECONDS, pool, call);
    run(what, rate, seconds, pool, call);
    for (RawHttp http : pool) {
      http.close();
    }
  }

  static final int WARM_UP_SECONDS = 10;

  static void run(String what, int rate, int seconds, RawHttp[] pool, Call call) throws Exception {
    int connections = pool.length;
    int total = rate * seconds;
    long[] latencies = new long[total];
    AtomicInteger next = new AtomicInteger();
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime() + 200_000_000L;
    long interval = 1_000_000_000L / rate;
    Thread[] workers = new Thread[connections];
    for (int w = 0; w < connections; w++) {
      RawHttp http = pool[w];
      workers[w] = new Thread(() -> {
        try {
          for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait);
            }
            RawHttp.Response response = call.send(http, i);
            latencies[i] = System.nanoTime() - due;
            if (response.status() != 200) {
              errors.incrementAndGet();
            }
          }
        } catch (Exception e) {
          errors.incrementAndGet();
          System.err.println(what + ": " + e);
        }
      });
      workers[w].start();
    }
    for (Thread t : workers) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    if (what == null) {
      return;
    }
    long[] sorted = Arrays.copyOf(latencies, total);
    Arrays.sort(sorted);
    System.out.printf("%s: %d requests at %d/s for %d s over %d connections: p50 %.3f ms, p99 %.3f ms, "
            + "p99.9 %.3f ms, max %.3f ms, throughput %.0f/s, errors %d%n", what, total, rate, seconds, connections,
        sorted[total / 2] / 1e6, sorted[(int) (total * 0.99)] / 1e6, sorted[(int) (total * 0.999)] / 1e6,
        sorted[total - 1] / 1e6, total / elapsed, errors.get());
  }



  /** The same decisions without a transport or an audit log: decode, classify, map, decide. */
  static void inProcess(int seconds) throws Exception {
    AuthzPlugin plugin = new AuthzPlugin(new AuthzTranslator(new InspectContainerMapper(), Clock.systemUTC()),
        new Guard(RuleDecider.defaults(Set.of()), AuditSink.NONE));
    AdmissionReviews admission = new AdmissionReviews(new KubernetesPodMapper(),
        new Guard(RuleDecider.defaults(Set.of()), AuditSink.NONE), Clock.systemUTC());
    List<byte[]> calls = dockerCalls();
    List<byte[]> reviews = reviews();
    for (String pass : List.of("warm-up", "measured")) {
      long deadline = System.nanoTime() + seconds * 1_000_000_000L / (pass.equals("warm-up") ? 2 : 1);
      long n = 0;
      long begin = System.nanoTime();
      long sink = 0;
      while (System.nanoTime() < deadline) {
        sink += plugin.decide(calls.get((int) (n % calls.size())), false).length;
        n++;
      }
      double dockerNs = (System.nanoTime() - begin) / (double) n;
      long m = 0;
      begin = System.nanoTime();
      deadline = System.nanoTime() + seconds * 1_000_000_000L / (pass.equals("warm-up") ? 2 : 1);
      while (System.nanoTime() < deadline) {
        sink += admission.review(reviews.get((int) (m % reviews.size()))).length;
        m++;
      }
      double kubeNs = (System.nanoTime() - begin) / (double) m;
      if (pass.equals("measured")) {
        System.out.printf("in-process: AuthZReq decode+decide %.1f µs/op (%d ops); AdmissionReview %.1f µs/op (%d ops);"
            + " %,d response bytes%n", dockerNs / 1000, n, kubeNs / 1000, m, sink);
      }
    }
  }
}
