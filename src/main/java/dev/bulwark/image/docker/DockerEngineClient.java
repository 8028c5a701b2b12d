package dev.bulwark.image.docker;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.InputException;
import dev.bulwark.UsageException;
import dev.bulwark.image.docker.wire.EngineErrorJson;
import dev.bulwark.image.docker.wire.ImageInspectJson;
import dev.bulwark.io.Bounded;
import dev.bulwark.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Engine API calls Bulwark makes: {@code /_ping} (to settle the API version),
 * {@code /images/{name}/json} (inspect) and {@code /images/{name}/get} (the {@code docker save}
 * stream) for an image source; {@code /containers/json}, {@code /containers/{id}/json},
 * {@code /info} and {@code /version} for the live audit, answered as JSON trees its adapters read.
 * The API version is the engine's own ({@code Api-Version} of the ping), capped at the
 * newest this client was written against.
 */
public final class DockerEngineClient {
  /** The newest API version spoken; the calls used are unchanged since 1.24. */
  static final int[] MAX_API_VERSION = {1, 47};
  /** Spoken when the engine's ping names no version (Debian's docker.io 20.10 serves 1.41). */
  static final String FALLBACK_API_VERSION = "1.41";
  /** Inspect answers are a few KiB; labels and env can add some. */
  static final int MAX_INSPECT_BYTES = 16 << 20;
  /** Error and ping bodies are a line of text. */
  static final int MAX_SMALL_BODY_BYTES = 64 * 1024;

  /** A list of every container; a few KiB each. */
  static final int MAX_LIST_BYTES = 64 << 20;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,511}");
  private static final Pattern CONTAINER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,254}");
  private static final Pattern VERSION = Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})");

  /**
   * How long the engine may send nothing before the connection is dropped. Generous: Docker 24 and
   * earlier stage a whole export in a temporary directory before sending its first byte.
   */
  static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);

  private final DockerHost host;
  private final Duration idleTimeout;
  private String apiVersion; // guarded by this

  public DockerEngineClient(DockerHost host) {
    this(host, IDLE_TIMEOUT);
  }

  DockerEngineClient(DockerHost host, Duration idleTimeout) {
    this.host = host;
    this.idleTimeout = idleTimeout;
  }

  public String where() {
    return "the Docker Engine at " + host.display();
  }

  /** Checks an image name before it goes into a request path. */
  static String checkName(String name) {
    if (!NAME.matcher(name).matches() || name.contains("..")) {
      throw new UsageException("malformed Docker image name '" + name + "'");
    }
    return name;
  }

  synchronized String apiVersion() {
    if (apiVersion == null) {
      try (EngineHttp.Response response = open("/_ping")) {
        Bounded.readAll(response.body(), MAX_SMALL_BODY_BYTES, where() + " /_ping");
        if (response.status() != 200) {
          throw new InputException(where() + ": /_ping answered HTTP " + response.status());
        }
        apiVersion = negotiate(response.header("Api-Version").orElse(""));
      } catch (IOException e) {
        throw failure("/_ping", e);
      }
    }
    return apiVersion;
  }

  /** The engine's version when it is not newer than ours, else ours. */
  static String negotiate(String engine) {
    Matcher m = VERSION.matcher(engine.trim());
    if (!m.matches()) {
      return FALLBACK_API_VERSION;
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    if (major > MAX_API_VERSION[0] || (major == MAX_API_VERSION[0] && minor > MAX_API_VERSION[1])) {
      return MAX_API_VERSION[0] + "." + MAX_API_VERSION[1];
    }
    return major + "." + minor;
  }

  /** {@code docker image inspect NAME}. */
  public ImageInspectJson inspect(String name) {
    String path = "/v" + apiVersion() + "/images/" + checkName(name) + "/json";
    try (EngineHttp.Response response = open(path)) {
      if (response.status() != 200) {
        throw error(response, "image '" + name + "'");
      }
      byte[] body = Bounded.readAll(response.body(), MAX_INSPECT_BYTES, where() + ": inspect of " + name);
      ImageInspectJson json = Json.mapper().readValue(body, ImageInspectJson.class);
      if (json == null) {
        throw new InputException(where() + ": empty inspect answer for '" + name + "'");
      }
      return json;
    } catch (JacksonException e) {
      throw new InputException(where() + ": malformed inspect answer for '" + name + "': " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw failure("image inspect", e);
    }
  }

  /** The {@code docker save} tar of one image, streaming; the caller closes it. */
  public InputStream export(String name) {
    String path = "/v" + apiVersion() + "/images/" + checkName(name) + "/get";
    EngineHttp.Response response;
    try {
      response = open(path);
    } catch (IOException e) {
      throw failure("image export", e);
    }
    if (response.status() != 200) {
      try (response) {
        throw error(response, "export of '" + name + "'");
      } catch (IOException e) {
        throw failure("image export", e);
      }
    }
    return response.body();
  }

  /** Checks a container name or id before it goes into a request path. */
  static String checkContainer(String name) {
    if (!CONTAINER.matcher(name).matches()) {
      throw new UsageException("malformed Docker container name '" + name + "'");
    }
    return name;
  }

  /** {@code docker ps}: the running containers, as the Engine lists them. */
  public JsonNode containers() {
    return getJson("/v" + apiVersion() + "/containers/json", "container list", MAX_LIST_BYTES);
  }

  /** {@code docker container inspect NAME}. */
  public JsonNode inspectContainer(String name) {
    return getJson("/v" + apiVersion() + "/containers/" + checkContainer(name) + "/json", "container '" + name + "'",
        MAX_INSPECT_BYTES);
  }

  /** {@code docker info}: the daemon's configuration as it reports it. */
  public JsonNode info() {
    return getJson("/v" + apiVersion() + "/info", "info", MAX_INSPECT_BYTES);
  }

  /** {@code docker version}: the Engine's and its components' versions. */
  public JsonNode version() {
    return getJson("/v" + apiVersion() + "/version", "version", MAX_INSPECT_BYTES);
  }

  private JsonNode getJson(String path, String what, int limit) {
    try (EngineHttp.Response response = open(path)) {
      if (response.status() != 200) {
        throw error(response, what);
      }
      byte[] body = Bounded.readAll(response.body(), limit, where() + ": " + what);
      JsonNode json = Json.mapper().readTree(body);
      if (json == null || json.isMissingNode() || json.isNull()) {
        throw new InputException(where() + ": empty answer for " + what);
      }
      return json;
    } catch (JacksonException e) {
      throw new InputException(where() + ": malformed answer for " + what + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw failure(what, e);
    }
  }

  private EngineHttp.Response open(String path) throws IOException {
    return EngineHttp.get(host, path, idleTimeout);
  }

  private InputException error(EngineHttp.Response response, String what) throws IOException {
    byte[] body = Bounded.readAll(new LimitedInput(response.body(), MAX_SMALL_BODY_BYTES), MAX_SMALL_BODY_BYTES,
        where());
    String message;
    try {
      EngineErrorJson json = Json.mapper().readValue(body, EngineErrorJson.class);
      message = json != null && json.message() != null ? json.message() : new String(body, StandardCharsets.UTF_8);
    } catch (JacksonException e) {
      message = new String(body, StandardCharsets.UTF_8);
    }
    message = message.strip();
    if (message.length() > 300) {
      message = message.substring(0, 300) + "…";
    }
    if (response.status() == 404) {
      return new InputException(where() + ": no such " + (what.startsWith("container") ? "container" : "image")
          + ": " + what + " (" + message + ")");
    }
    return new InputException(where() + ": " + what + ": HTTP " + response.status() + ": " + message);
  }

  private InputException failure(String what, IOException e) {
    if (e instanceof java.net.SocketException || e instanceof java.nio.file.NoSuchFileException
        || e instanceof java.net.ConnectException) {
      return new InputException("cannot connect to " + where() + ": " + e.getMessage()
          + " (is the engine running? DOCKER_HOST selects another)", e);
    }
    return new InputException(where() + ": " + what + ": " + e.getMessage(), e);
  }

  /** Reads at most {@code limit} bytes, then reports the end: error bodies are only read this far. */
  private static final class LimitedInput extends java.io.FilterInputStream {
    private long left;

    LimitedInput(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(length, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
