package dev.bulwark.enforce.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.Provenance;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.model.SubjectRef;
import dev.bulwark.enforce.GuardRequest;
import dev.bulwark.enforce.docker.wire.AuthzRequestJson;
import dev.bulwark.enforce.docker.wire.DockerTypes;
import dev.bulwark.enforce.json.GoDecoder;
import dev.bulwark.enforce.json.GoJsonException;
import dev.bulwark.enforce.json.GoStruct;
import dev.bulwark.enforce.json.GoType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what dockerd sends the plugin into a {@link GuardRequest}, reading the body exactly as
 * dockerd will (see {@link GoDecoder}) and refusing to guess: a request whose body the guard must
 * read but cannot gets a {@code problem}, which the decider denies.
 */
public final class AuthzTranslator {
  /**
   * moby pkg/authorization maxBodySize: dockerd forwards a body to authorization plugins only when
   * its Content-Length is below this (before Engine 29.3.1 it then executed the request anyway:
   * CVE-2026-34040).
   */
  public static final long MAX_FORWARDED_BODY = 1 << 20;

  /** The docker CLI's container create is a few KiB; a limit on what is logged of a string. */
  static final int SUMMARY_VALUE_CHARS = 120;

  static final String FIX_BODY = " Fix: send the body as Content-Type: application/json with a Content-Length under "
      + "1 MiB, as the docker CLI does.";

  private final ContainerMapper mapper;
  private final Clock clock;

  public AuthzTranslator(ContainerMapper mapper, Clock clock) {
    this.mapper = mapper;
    this.clock = clock;
  }

  public GuardRequest translate(AuthzRequestJson json) {
    DockerRoute route = DockerRoute.classify(json.requestMethod(), json.requestUri());
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("transport", "docker-authz");
    route.apiVersion().ifPresent(v -> attributes.put("apiVersion", v));
    route.target().ifPresent(t -> attributes.put("target", t));
    Builder b = new Builder(json, route, attributes);
    if (route.malformed().isPresent()) {
      return b.build(Optional.empty(), "", route.malformed());
    }
    return switch (route.action()) {
      case DockerRoute.CONTAINER_CREATE -> containerCreate(b);
      case DockerRoute.EXEC_CREATE -> execCreate(b);
      case DockerRoute.CONTAINER_START -> containerStart(b);
      case DockerRoute.CONTAINER_UPDATE -> containerUpdate(b);
      case DockerRoute.IMAGE_PULL -> imagePull(b);
      case DockerRoute.IMAGE_PUSH -> {
        String image = route.target().orElse("") + route.param("tag").map(t -> ":" + t).orElse("");
        attributes.put("image", image);
        attributes.put("registry", ImageNames.registry(image));
        yield b.build(Optional.empty(), "push " + image, Optional.empty());
      }
      case DockerRoute.PLUGIN_INSTALL -> {
        route.param("remote").ifPresent(r -> attributes.put("plugin", r));
        yield b.build(Optional.empty(), "plugin install " + route.param("remote").orElse(""), Optional.empty());
      }
      case DockerRoute.PLUGIN_CHANGE -> b.build(Optional.empty(),
          "plugin " + json.requestMethod() + " " + route.path(), Optional.empty());
      case DockerRoute.VOLUME_CREATE -> volumeCreate(b);
      case DockerRoute.NETWORK_CREATE -> networkCreate(b);
      default -> b.build(Optional.empty(), json.requestMethod() + " " + route.path(), Optional.empty());
    };
  }

  /** The request as recorded for {@code AuthZRes}: the same classification, no body reading. */
  public GuardRequest response(AuthzRequestJson json) {
    DockerRoute route = DockerRoute.classify(json.requestMethod(), json.requestUri());
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("transport", "docker-authz");
    attributes.put("phase", "response");
    attributes.put("status", Integer.toString(json.responseStatusCode()));
    return new Builder(json, route, attributes).build(Optional.empty(),
        json.requestMethod() + " " + route.path() + " -> " + json.responseStatusCode(), Optional.empty());
  }

  private GuardRequest containerCreate(Builder b) {
    Decoded decoded = decodeBody(b, DockerTypes.CONTAINER_CREATE);
    if (decoded.problem().isPresent()) {
      return b.build(Optional.empty(), "", decoded.problem());
    }
    GoStruct wrapper = (GoStruct) decoded.value();
    if (wrapper.get("LegacyHostConfig") != null) {
      return b.build(Optional.empty(), "", Optional.of("the body sets HostConfig fields at its top level, outside "
          + "\"HostConfig\": Engines up to 24 apply them, later ones ignore them, so what would run cannot be told."
          + " Fix: put every HostConfig field inside \"HostConfig\", as the docker CLI does."));
    }
    ObjectNode inspect = JsonNodeFactory.instance.objectNode();
    inspect.put("Name", b.route.param("name").orElse(""));
    inspect.set("Config", GoDecoder.toJson(DockerTypes.CONFIG, wrapper.get("Config")));
    inspect.set("HostConfig", GoDecoder.toJson(DockerTypes.HOST_CONFIG, wrapper.get("HostConfig")));
    Location where = Location.field("docker API " + b.json.requestMethod() + " " + b.route.path(), "");
    ContainerMapper.Mapped mapped;
    try {
      mapped = mapper.map(inspect, where);
    } catch (dev.bulwark.BulwarkException e) {
      return b.build(Optional.empty(), "", Optional.of("its settings cannot be read (" + e.getMessage() + ")"));
    }
    ContainerSettings settings = mapped.settings();
    settings.image().ifPresent(i -> b.attributes.put("image", i));
    b.route.param("name").ifPresent(n -> b.attributes.put("name", n));
    String name = b.route.param("name").orElse(settings.image().orElse(""));
    Subject.Container subject = new Subject.Container(
        new SubjectRef("docker-container", name, Optional.empty(), Optional.empty(), Optional.empty()),
        settings, Optional.empty(), new Provenance(where, mapped.fields()));
    return b.build(Optional.of(subject), Summaries.container(settings), Optional.empty());
  }

  private GuardRequest execCreate(Builder b) {
    Decoded decoded = decodeBody(b, DockerTypes.EXEC_CONFIG);
    if (decoded.problem().isPresent()) {
      return b.build(Optional.empty(), "", decoded.problem());
    }
    GoStruct exec = (GoStruct) decoded.value();
    String container = b.route.target().orElse("");
    boolean privileged = (Boolean) exec.get("Privileged");
    String user = (String) exec.get("User");
    b.attributes.put("container", container);
    b.attributes.put("exec.privileged", Boolean.toString(privileged));
    b.attributes.put("exec.user", user);
    Location where = Location.field("docker API POST /containers/" + container + "/exec", "");
    ContainerSettings settings = Summaries.execSettings(container, user, privileged);
    Subject.Container subject = new Subject.Container(
        new SubjectRef("docker-exec", container, Optional.of(container), Optional.empty(), Optional.empty()),
        settings, Optional.empty(), new Provenance(where, Map.of(
            "privileged", Location.field(where.source(), "Privileged"),
            "user", Location.field(where.source(), "User"))));
    return b.build(Optional.of(subject), "exec in " + container + " user=" + (user.isEmpty() ? "(container's)" : user)
        + (privileged ? " privileged" : ""), Optional.empty());
  }

  /**
   * Before API 1.24 a start request could carry a HostConfig that dockerd applied (a privileged
   * container created as a harmless one); later versions refuse such a body.
   */
  private GuardRequest containerStart(Builder b) {
    if (b.route.versionBefore(1, 24)) {
      return b.build(Optional.empty(), "start " + b.route.target().orElse(""), Optional.of("API version "
          + b.route.apiVersion().orElse("") + " lets a start request carry a HostConfig the guard does not see."
          + " Fix: use API version 1.24 or later (any docker CLI since 1.12)."));
    }
    return b.build(Optional.empty(), "start " + b.route.target().orElse(""), Optional.empty());
  }

  private GuardRequest containerUpdate(Builder b) {
    Decoded decoded = decodeBody(b, DockerTypes.CONTAINER_UPDATE);
    if (decoded.problem().isPresent()) {
      return b.build(Optional.empty(), "", decoded.problem());
    }
    JsonNode update = GoDecoder.toJson(DockerTypes.CONTAINER_UPDATE, decoded.value());
    b.attributes.put("update.memory", update.path("Memory").asText());
    b.attributes.put("update.pidsLimit", update.path("PidsLimit").asText());
    return b.build(Optional.empty(), "update " + b.route.target().orElse("") + " memory=" + update.path("Memory")
        + " pidsLimit=" + update.path("PidsLimit"), Optional.empty());
  }

  private GuardRequest imagePull(Builder b) {
    String image = b.route.param("fromImage").orElse("");
    String tag = b.route.param("tag").orElse("");
    String reference = tag.isEmpty() ? image : image + (tag.startsWith("sha256:") ? "@" : ":") + tag;
    b.attributes.put("image", reference);
    b.attributes.put("registry", ImageNames.registry(image));
    return b.build(Optional.empty(), "pull " + reference, Optional.empty());
  }

  private GuardRequest volumeCreate(Builder b) {
    Decoded decoded = decodeBody(b, DockerTypes.VOLUME_CREATE);
    if (decoded.problem().isPresent()) {
      return b.build(Optional.empty(), "", decoded.problem());
    }
    JsonNode volume = GoDecoder.toJson(DockerTypes.VOLUME_CREATE, decoded.value());
    b.attributes.put("volume.name", volume.path("Name").asText(""));
    b.attributes.put("volume.driver", volume.path("Driver").asText(""));
    volume.path("DriverOpts").properties().forEach(e -> b.attributes.put("volume.opt." + e.getKey(),
        Summaries.clip(e.getValue().asText(""))));
    return b.build(Optional.empty(), "volume " + volume.path("Name").asText("") + " driver="
        + volume.path("Driver").asText("") + " opts=" + volume.path("DriverOpts"), Optional.empty());
  }

  private GuardRequest networkCreate(Builder b) {
    Decoded decoded = decodeBody(b, DockerTypes.NETWORK_CREATE);
    if (decoded.problem().isPresent()) {
      return b.build(Optional.empty(), "", decoded.problem());
    }
    JsonNode network = GoDecoder.toJson(DockerTypes.NETWORK_CREATE, decoded.value());
    b.attributes.put("network.name", network.path("Name").asText(""));
    b.attributes.put("network.driver", network.path("Driver").asText(""));
    return b.build(Optional.empty(), "network " + network.path("Name").asText("") + " driver="
        + network.path("Driver").asText(""), Optional.empty());
  }

  private record Decoded(Object value, Optional<String> problem) {}

  /**
   * The body as dockerd will decode it, or why it cannot be known: not forwarded (empty, chunked,
   * over the forwarding limit, a Content-Type other than exactly application/json), truncated,
   * not JSON, of the wrong types, or with a key set twice.
   */
  private Decoded decodeBody(Builder b, GoType.Struct type) {
    byte[] body = b.json.requestBody();
    Optional<String> lengthHeader = header(b.json.requestHeaders(), "Content-Length");
    long declared = -1;
    if (lengthHeader.isPresent()) {
      String value = lengthHeader.orElseThrow().trim();
      if (!value.matches("[0-9]{1,18}")) {
        return problem("the request's Content-Length '" + Summaries.clip(value) + "' is malformed." + FIX_BODY);
      }
      declared = Long.parseLong(value);
    }
    b.attributes.put("bodyBytes", Integer.toString(body.length));
    if (declared >= MAX_FORWARDED_BODY) {
      return problem("the body is " + declared + " bytes; dockerd shows authorization plugins no body of 1 MiB or "
          + "more (the CVE-2026-34040 pattern), so the guard cannot see what it asks for." + FIX_BODY);
    }
    if (body.length == 0) {
      if (declared > 0) {
        return problem("dockerd did not forward the " + declared + "-byte body (it forwards only Content-Type: "
            + "application/json exactly), so the guard cannot see what it asks for." + FIX_BODY);
      }
      return problem("the request carries no body the guard can read (empty, or sent chunked with the length "
          + "hidden: the CVE-2024-41110 pattern)." + FIX_BODY);
    }
    if (declared >= 0 && declared != body.length) {
      return problem("the body forwarded is " + body.length + " bytes but the request's Content-Length is "
          + declared + ": truncated or altered." + FIX_BODY);
    }
    if (body.length >= MAX_FORWARDED_BODY) {
      return problem("the body is " + body.length + " bytes, more than dockerd forwards." + FIX_BODY);
    }
    GoDecoder.Result result;
    try {
      result = GoDecoder.decode(type, body);
    } catch (GoJsonException e) {
      return problem("the body is not JSON dockerd would accept: " + Summaries.clip(e.getMessage()) + "."
          + " Fix: send a well-formed body, as the docker CLI does.");
    }
    if (!result.duplicates().isEmpty()) {
      List<String> shown = result.duplicates().stream().distinct().limit(5).toList();
      return problem("the body sets " + String.join(", ", shown) + " more than once (keys match case-insensitively"
          + " and the last one wins, merged into earlier ones), a way to hide a setting. Fix: set each field once.");
    }
    return new Decoded(result.value(), Optional.empty());
  }

  private static Decoded problem(String message) {
    return new Decoded(null, Optional.of(message));
  }

  /** A header by name, case-insensitively (dockerd sends Go's canonical names). */
  static Optional<String> header(Map<String, String> headers, String name) {
    String exact = headers.get(name);
    if (exact != null) {
      return Optional.of(exact);
    }
    return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
        .findFirst();
  }

  /** Collects the common parts of a request. */
  private final class Builder {
    final AuthzRequestJson json;
    final DockerRoute route;
    final Map<String, String> attributes;

    Builder(AuthzRequestJson json, DockerRoute route, Map<String, String> attributes) {
      this.json = json;
      this.route = route;
      this.attributes = attributes;
    }

    GuardRequest build(Optional<Subject> subject, String summary, Optional<String> problem) {
      return new GuardRequest(clock.instant(),
          json.user().isEmpty() ? Optional.empty() : Optional.of(json.user()),
          json.userAuthNMethod(), json.requestMethod(), json.requestUri(), route.action(), subject,
          summary.isEmpty() ? json.requestMethod() + " " + route.path() : summary, problem, attributes);
    }
  }
}
