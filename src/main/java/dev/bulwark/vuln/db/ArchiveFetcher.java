package dev.bulwark.vuln.db;

import dev.bulwark.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Downloads one archive: conditional on the validators stored from the last download (a 304 keeps the
 * stored data), size-checked against Content-Length and a ceiling, hashed while streaming, retried with
 * backoff on transient failures. Every failure names the URL.
 */
final class ArchiveFetcher {
  /** Time to wait for a response to start; the body itself may take longer. */
  private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(2);

  private final HttpClient client;
  private final RetryPolicy retry;
  private final long maxBytes;
  private final Sleeper sleeper;

  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  sealed interface Result {}

  record NotModified() implements Result {}

  record Fetched(Path file, Optional<String> etag, Optional<String> lastModified, String sha256, long bytes)
      implements Result {}

  ArchiveFetcher(HttpClient client, RetryPolicy retry, long maxBytes, Sleeper sleeper) {
    this.client = client;
    this.retry = retry;
    this.maxBytes = maxBytes;
    this.sleeper = sleeper;
  }

  /** Fetches {@code uri} into {@code into} (created by the caller), conditional on {@code previous}'s validators. */
  Result fetch(URI uri, Optional<SourceInfo> previous, Path into, DbProgress progress) {
    String failure = null;
    for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
      if (attempt > 1) {
        try {
          sleeper.sleep(retry.delayBefore(attempt));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InputException("interrupted while fetching " + uri, e);
        }
      }
      try {
        return once(uri, previous, into, progress);
      } catch (Transient e) {
        failure = e.getMessage();
      } catch (IOException e) {
        failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InputException("interrupted while fetching " + uri, e);
      }
    }
    throw new InputException("cannot fetch " + uri + ": " + failure + " (after " + retry.attempts() + " attempt"
        + (retry.attempts() == 1 ? "" : "s") + ")");
  }

  private Result once(URI uri, Optional<SourceInfo> previous, Path into, DbProgress progress)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(RESPONSE_TIMEOUT)
        .header("Accept", "application/zip, application/octet-stream;q=0.9, */*;q=0.1");
    boolean conditional = false;
    if (previous.isPresent()) {
      if (previous.orElseThrow().etag().isPresent()) {
        request.header("If-None-Match", previous.orElseThrow().etag().orElseThrow());
        conditional = true;
      }
      if (previous.orElseThrow().lastModified().isPresent()) {
        request.header("If-Modified-Since", previous.orElseThrow().lastModified().orElseThrow());
        conditional = true;
      }
    }
    HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    int status = response.statusCode();
    try (InputStream body = response.body()) {
      if (status == 304) {
        if (!conditional) {
          throw new InputException("cannot fetch " + uri + ": HTTP 304 to a request that was not conditional");
        }
        return new NotModified();
      }
      if (status == 408 || status == 429 || status >= 500) {
        throw new Transient("HTTP " + status);
      }
      if (status != 200) {
        throw new InputException("cannot fetch " + uri + ": HTTP " + status
            + (status == 404 ? " (no archive for this ecosystem at this source?)" : ""));
      }
      OptionalLong length = response.headers().firstValueAsLong("Content-Length");
      if (length.isPresent() && length.getAsLong() > maxBytes) {
        throw new InputException("cannot fetch " + uri + ": archive of " + length.getAsLong()
            + " bytes exceeds the limit of " + maxBytes);
      }
      progress.downloading(uri.toString(), length.orElse(-1));
      MessageDigest sha256 = sha256();
      long total = 0;
      try (OutputStream out = Files.newOutputStream(into)) {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = body.read(buffer)) > 0; ) {
          total += n;
          if (total > maxBytes) {
            throw new InputException("cannot fetch " + uri + ": archive exceeds the limit of " + maxBytes + " bytes");
          }
          out.write(buffer, 0, n);
          sha256.update(buffer, 0, n);
          progress.downloaded(total);
        }
      }
      if (length.isPresent() && total != length.getAsLong()) {
        throw new Transient("truncated: received " + total + " of " + length.getAsLong() + " bytes");
      }
      return new Fetched(into, response.headers().firstValue("ETag"), response.headers().firstValue("Last-Modified"),
          HexFormat.of().formatHex(sha256.digest()), total);
    }
  }

  /** A local archive (a {@code --source} directory): read in place, unchanged if its hash is the stored one. */
  Result local(Path archive, Optional<SourceInfo> previous) {
    if (!Files.isRegularFile(archive)) {
      throw new InputException(archive + ": no such archive");
    }
    try (InputStream in = Files.newInputStream(archive)) {
      long size = Files.size(archive);
      if (size > maxBytes) {
        throw new InputException(archive + ": archive of " + size + " bytes exceeds the limit of " + maxBytes);
      }
      MessageDigest sha256 = sha256();
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha256.update(buffer, 0, n);
      }
      String hash = HexFormat.of().formatHex(sha256.digest());
      if (previous.flatMap(SourceInfo::sha256).filter(hash::equals).isPresent()) {
        return new NotModified();
      }
      return new Fetched(archive, Optional.empty(), Optional.empty(), hash, size);
    } catch (IOException e) {
      throw new InputException("cannot read " + archive + ": " + e.getMessage(), e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A failure worth another attempt. */
  private static final class Transient extends IOException {
    Transient(String message) {
      super(message);
    }
  }
}
