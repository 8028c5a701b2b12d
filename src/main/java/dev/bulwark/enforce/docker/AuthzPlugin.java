package dev.bulwark.enforce.docker;

import dev.bulwark.enforce.Guard;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.bulwark.enforce.Decision;
import dev.bulwark.enforce.GuardRequest;
import dev.bulwark.enforce.docker.wire.AuthzRequestJson;
import dev.bulwark.enforce.docker.wire.AuthzResponseJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The Docker authorization plugin protocol (moby pkg/authorization and pkg/plugins):
 * {@code POST /Plugin.Activate} announces {@code authz}; {@code POST /AuthZPlugin.AuthZReq} decides
 * a request before dockerd runs it; {@code POST /AuthZPlugin.AuthZRes} sees the response, which is
 * allowed and recorded. A call the plugin cannot read is answered with a denial.
 */
public final class AuthzPlugin implements UnixHttpServer.Handler {
  public static final String ACTIVATE = "/Plugin.Activate";
  public static final String AUTHZ_REQUEST = "/AuthZPlugin.AuthZReq";
  public static final String AUTHZ_RESPONSE = "/AuthZPlugin.AuthZRes";
  static final String CONTENT_TYPE = "application/vnd.docker.plugins.v1+json";

  /** Like {@link dev.bulwark.io.Json}, but strings as long as the server's body limit (AuthZRes bodies). */
  private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(64)
              .maxStringLength(UnixHttpServer.MAX_BODY_BYTES)
              .build())
          .build())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private final AuthzTranslator translator;
  private final Guard guard;

  public AuthzPlugin(AuthzTranslator translator, Guard guard) {
    this.translator = translator;
    this.guard = guard;
  }

  @Override
  public UnixHttpServer.Response handle(UnixHttpServer.Request request) {
    if (!request.method().equals("POST")) {
      return new UnixHttpServer.Response(405, "text/plain", "POST only\n".getBytes(StandardCharsets.UTF_8));
    }
    return switch (request.target()) {
      case ACTIVATE -> json("{\"Implements\":[\"authz\"]}".getBytes(StandardCharsets.UTF_8));
      case AUTHZ_REQUEST -> answer(request.body(), false);
      case AUTHZ_RESPONSE -> answer(request.body(), true);
      default -> new UnixHttpServer.Response(404, "text/plain", "not a plugin call\n".getBytes(StandardCharsets.UTF_8));
    };
  }

  /** Decides one AuthZReq or records one AuthZRes; the encoded answer. */
  public byte[] decide(byte[] body, boolean response) {
    AuthzRequestJson json;
    try {
      json = MAPPER.readValue(body, AuthzRequestJson.class);
      if (json == null) {
        throw new IOException("empty call");
      }
    } catch (IOException e) {
      String why = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
      return encode(new AuthzResponseJson(false, "[" + dev.bulwark.enforce.policy.RuleDecider.UNINSPECTABLE + "] the guard could not read "
          + "dockerd's call: " + why, "malformed plugin call"));
    }
    Decision decision;
    if (response) {
      GuardRequest request = translator.response(json);
      decision = guard.record(request, Decision.allow(java.util.List.of()), false);
    } else {
      decision = guard.decide(translator.translate(json), false);
    }
    return encode(new AuthzResponseJson(decision.allowed(), decision.allowed() ? "" : decision.message(), ""));
  }

  private UnixHttpServer.Response answer(byte[] body, boolean response) {
    return json(decide(body, response));
  }

  private static UnixHttpServer.Response json(byte[] body) {
    return new UnixHttpServer.Response(200, CONTENT_TYPE, body);
  }

  private static byte[] encode(AuthzResponseJson answer) {
    try {
      return MAPPER.writeValueAsBytes(answer);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a plugin answer", e);
    }
  }
}
