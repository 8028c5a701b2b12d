package dev.bulwark.image.registry;

import com.fasterxml.jackson.core.JacksonException;
import dev.bulwark.InputException;
import dev.bulwark.image.RegistryReference;
import dev.bulwark.image.SourceOptions;
import dev.bulwark.image.registry.wire.CredentialHelperJson;
import dev.bulwark.image.registry.wire.DockerConfigJson;
import dev.bulwark.io.Bounded;
import dev.bulwark.io.Json;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Registry credentials the way the Docker CLI keeps them: {@code config.json}'s {@code auths}
 * entries (base64 {@code auth}, {@code username}/{@code password}, {@code identitytoken}), and the
 * credential helpers it names ({@code credHelpers} per registry, else {@code credsStore}), run as
 * {@code docker-credential-NAME get}. Looked up only when a registry asks for authentication.
 */
public final class DockerCredentials {
  /** Docker Hub's key in config.json, a relic of its v1 API. */
  public static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

  /** config.json holds a few credentials; a larger one is not a Docker config. */
  static final int MAX_CONFIG_BYTES = 1 << 20;
  /** A helper prints one small JSON object. */
  static final int MAX_HELPER_OUTPUT = 64 * 1024;
  /** A helper may prompt a keychain; longer than this, it is stuck. */
  static final Duration HELPER_TIMEOUT = Duration.ofSeconds(30);

  private static final Pattern HELPER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private final Optional<Path> configFile;
  private final boolean explicit;
  private final Map<String, String> environment;

  DockerCredentials(Optional<Path> configFile, boolean explicit, Map<String, String> environment) {
    this.configFile = configFile;
    this.explicit = explicit;
    this.environment = Map.copyOf(environment);
  }

  /** The options' config.json, else {@code $DOCKER_CONFIG/config.json}, else {@code $HOME/.docker/config.json}. */
  public static DockerCredentials from(SourceOptions options) {
    Map<String, String> env = options.environment();
    if (options.dockerConfig().isPresent()) {
      return new DockerCredentials(options.dockerConfig(), true, env);
    }
    Optional<Path> path = Optional.ofNullable(env.get("DOCKER_CONFIG")).filter(s -> !s.isEmpty())
        .map(dir -> Path.of(dir, "config.json"))
        .or(() -> Optional.ofNullable(env.get("HOME")).filter(s -> !s.isEmpty())
            .map(home -> Path.of(home, ".docker", "config.json")));
    return new DockerCredentials(path, false, env);
  }

  /** The config file consulted, for messages. */
  public String describe() {
    return configFile.map(Path::toString).orElse("no Docker config (neither DOCKER_CONFIG nor HOME is set)");
  }

  /** The credential for {@code registry} (a reference's host, e.g. {@code docker.io}), if any. */
  public Optional<Credential> lookup(String registry) {
    Optional<DockerConfigJson> config = read();
    if (config.isEmpty()) {
      return Optional.empty();
    }
    String host = hostname(serverKey(registry));
    DockerConfigJson json = config.orElseThrow();
    Optional<String> helper = Optional.empty();
    if (json.credHelpers() != null) {
      helper = json.credHelpers().entrySet().stream()
          .filter(e -> e.getKey() != null && hostname(e.getKey()).equals(host))
          .map(Map.Entry::getValue).filter(v -> v != null && !v.isEmpty()).findFirst();
    }
    if (helper.isEmpty() && json.credsStore() != null && !json.credsStore().isEmpty()) {
      helper = Optional.of(json.credsStore());
    }
    if (helper.isPresent()) {
      Optional<Credential> fromHelper = runHelper(helper.orElseThrow(), serverKey(registry));
      if (fromHelper.isPresent()) {
        return fromHelper;
      }
    }
    if (json.auths() == null) {
      return Optional.empty();
    }
    for (Map.Entry<String, DockerConfigJson.AuthJson> entry : json.auths().entrySet()) {
      if (entry.getKey() != null && entry.getValue() != null && hostname(entry.getKey()).equals(host)) {
        return fromAuths(entry.getValue(), entry.getKey());
      }
    }
    return Optional.empty();
  }

  /** The key Docker files a registry's credentials under: Hub's v1 URL, else the host as written. */
  static String serverKey(String registry) {
    return registry.equals(RegistryReference.DOCKER_HUB) ? DOCKER_HUB_KEY : registry;
  }

  /** Docker's ConvertToHostname: no scheme, no path, Hub's aliases as one. */
  static String hostname(String key) {
    String host = key.trim();
    if (host.startsWith("http://")) {
      host = host.substring(7);
    } else if (host.startsWith("https://")) {
      host = host.substring(8);
    }
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    host = host.toLowerCase(Locale.ROOT);
    return switch (host) {
      case "docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> "index.docker.io";
      default -> host;
    };
  }

  private Optional<DockerConfigJson> read() {
    if (configFile.isEmpty()) {
      return Optional.empty();
    }
    Path file = configFile.orElseThrow();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = Bounded.readAll(in, MAX_CONFIG_BYTES, file.toString());
      return Optional.ofNullable(Json.mapper().readValue(bytes, DockerConfigJson.class));
    } catch (NoSuchFileException e) {
      if (explicit) {
        throw new InputException("Docker config " + file + ": no such file");
      }
      return Optional.empty();
    } catch (JacksonException e) {
      throw new InputException("Docker config " + file + ": malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InputException("Docker config " + file + ": unreadable: " + e.getMessage(), e);
    }
  }

  private Optional<Credential> fromAuths(DockerConfigJson.AuthJson auth, String key) {
    String where = "Docker config " + configFile.orElseThrow() + ", auths entry '" + key + "'";
    if (auth.identityToken() != null && !auth.identityToken().isEmpty()) {
      return Optional.of(new Credential.IdentityToken(auth.identityToken()));
    }
    if (auth.auth() != null && !auth.auth().isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.auth().trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new InputException(where + ": 'auth' is not base64");
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        throw new InputException(where + ": 'auth' does not decode to user:password");
      }
      return Optional.of(new Credential.UserPassword(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
    if (auth.username() != null && !auth.username().isEmpty() && auth.password() != null) {
      return Optional.of(new Credential.UserPassword(auth.username(), auth.password()));
    }
    return Optional.empty();
  }

  /** Runs {@code docker-credential-NAME get}; empty when the helper has nothing for the server. */
  private Optional<Credential> runHelper(String name, String serverUrl) {
    String program = "docker-credential-" + name;
    if (!HELPER_NAME.matcher(name).matches()) {
      throw new InputException("Docker config " + describe() + ": malformed credential helper name '" + name + "'");
    }
    Path executable = findOnPath(program).orElseThrow(() -> new InputException(
        "credential helper " + program + " (named in " + describe() + ") is not on PATH"));
    ProcessBuilder builder = new ProcessBuilder(executable.toString(), "get");
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new InputException("credential helper " + executable + " cannot be started: " + e.getMessage(), e);
    }
    try {
      CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
        try {
          return Bounded.readAll(process.getInputStream(), MAX_HELPER_OUTPUT, "credential helper " + program);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(serverUrl.getBytes(StandardCharsets.UTF_8));
      } catch (IOException ignored) {
        // A helper that exits without reading its input still answers (or fails) on stdout.
      }
      if (!process.waitFor(HELPER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new InputException("credential helper " + program + " did not answer within "
            + HELPER_TIMEOUT.toSeconds() + " s");
      }
      byte[] stdout = output.get(HELPER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      String text = new String(stdout, StandardCharsets.UTF_8).trim();
      if (process.exitValue() != 0) {
        if (text.toLowerCase(Locale.ROOT).contains("credentials not found")) {
          return Optional.empty();
        }
        throw new InputException("credential helper " + program + " failed for " + serverUrl + " (exit "
            + process.exitValue() + ")");
      }
      CredentialHelperJson json = Json.mapper().readValue(stdout, CredentialHelperJson.class);
      if (json == null || json.secret() == null || json.secret().isEmpty()) {
        return Optional.empty();
      }
      if ("<token>".equals(json.username())) {
        return Optional.of(new Credential.IdentityToken(json.secret()));
      }
      return Optional.of(new Credential.UserPassword(json.username() == null ? "" : json.username(), json.secret()));
    } catch (JacksonException e) {
      throw new InputException("credential helper " + program + " printed malformed JSON", e);
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new InputException("credential helper " + program + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InputException("interrupted while running credential helper " + program, e);
    } finally {
      process.destroyForcibly();
    }
  }

  private Optional<Path> findOnPath(String program) {
    String path = environment.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
