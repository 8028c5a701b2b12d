package dev.bulwark.enforce.kubernetes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.bulwark.LimitExceededException;
import dev.bulwark.io.Bounded;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** The admission webhook over HTTPS (TLS 1.2 and 1.3), on the JDK's HTTP server with a fixed thread pool. */
public final class WebhookServer implements AutoCloseable {
  /** An AdmissionReview holds the object and, on updates, the old one; etcd caps each near 1.5 MiB. */
  public static final long MAX_REVIEW_BYTES = 8L << 20;

  private final HttpsServer server;
  private final ExecutorService executor;

  private WebhookServer(HttpsServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static WebhookServer start(InetSocketAddress address, String path, SSLContext tls, int threads,
      AdmissionReviews reviews) throws IOException {
    HttpsServer server = HttpsServer.create(address, 512);
    server.setHttpsConfigurator(new HttpsConfigurator(tls) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters parameters = tls.getDefaultSSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        params.setSSLParameters(parameters);
      }
    });
    server.createContext(path, exchange -> handle(exchange, path, reviews));
    ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "bulwark-webhook-worker");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.start();
    return new WebhookServer(server, executor);
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void handle(HttpExchange exchange, String path, AdmissionReviews reviews) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(path)) {
        send(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        send(exchange, 405, "text/plain", "POST only\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = Bounded.readAll(in, MAX_REVIEW_BYTES, "AdmissionReview");
      } catch (LimitExceededException e) {
        send(exchange, 413, "text/plain", (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
        return;
      }
      byte[] answer;
      try {
        answer = reviews.review(body);
      } catch (AdmissionReviews.BadReview e) {
        send(exchange, 400, "text/plain", (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
        return;
      }
      send(exchange, 200, "application/json", answer);
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
