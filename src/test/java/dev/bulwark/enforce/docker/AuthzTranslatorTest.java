package dev.bulwark.enforce.docker;

import dev.bulwark.enforce.policy.RuleDeciders;
import dev.bulwark.enforce.Guard;
import dev.bulwark.enforce.AuditSink;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.enforce.Decision;
import dev.bulwark.enforce.GuardRequest;
import dev.bulwark.io.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** From dockerd's AuthZReq call to the plugin's answer: decoding, fail-closed cases, built-in checks. */
class AuthzTranslatorTest {
  static final String HARDENED = "{\"User\":\"1000:1000\",\"Image\":\"t:1\",\"Cmd\":[\"/sleeper\"],"
      + "\"HostConfig\":{\"NetworkMode\":\"none\",\"ReadonlyRootfs\":true,\"CapDrop\":[\"ALL\"],"
      + "\"SecurityOpt\":[\"no-new-privileges\"],\"PidsLimit\":64,\"Memory\":67108864}}";

  private final List<GuardRequest> recorded = new ArrayList<>();
  private final AuthzTranslator translator = new AuthzTranslator(new InspectContainerMapper(),
      Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));
  private final AuthzPlugin plugin = new AuthzPlugin(translator,
      new Guard(RuleDeciders.withRegistries(Set.of("admin"), Set.of("docker.io")),
          (request, decision, dryRun) -> recorded.add(request)));

  /** An AuthZReq as dockerd encodes it. */
  static byte[] call(String user, String method, String uri, String body, Map<String, String> headers) {
    ObjectNode json = Json.mapper().createObjectNode();
    if (!user.isEmpty()) {
      json.put("User", user);
      json.put("UserAuthNMethod", "TLS");
    }
    json.put("RequestMethod", method);
    json.put("RequestUri", uri);
    if (body != null) {
      json.put("RequestBody", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
    }
    json.set("RequestHeaders", Json.mapper().valueToTree(headers));
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] create(String body) {
    return call("", "POST", "/v1.41/containers/create?name=web", body, Map.of("Content-Type", "application/json",
        "Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length)));
  }

  private JsonNode answer(byte[] call) {
    try {
      return Json.mapper().readTree(plugin.decide(call, false));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String hardenedWith(String hostConfigExtra) {
    return HARDENED.replace("\"Memory\":67108864}", "\"Memory\":67108864," + hostConfigExtra + "}");
  }

  @Nested
  class ContainerCreate {
    @Test
    void allowsAHardenedContainer() {
      JsonNode answer = answer(create(HARDENED));
      assertThat(answer.path("Allow").asBoolean()).as(answer.toString()).isTrue();
      assertThat(answer.has("Msg")).isFalse();
      GuardRequest request = recorded.getFirst();
      assertThat(request.action()).isEqualTo("container.create");
      assertThat(request.problem()).isEmpty();
      Subject.Container subject = (Subject.Container) request.subject().orElseThrow();
      assertThat(subject.settings().image()).contains("t:1");
      assertThat(subject.settings().user()).contains("1000:1000");
      assertThat(subject.settings().uid()).contains(1000L);
      assertThat(subject.settings().capabilities().effective()).isEmpty();
      assertThat(subject.settings().noNewPrivileges()).contains(true);
      assertThat(subject.settings().resources().pidsLimit()).contains(64L);
      assertThat(subject.settings().readOnlyRootFilesystem()).isTrue();
      assertThat(request.attributes()).containsEntry("image", "t:1").containsEntry("name", "web");
      assertThat(request.summary()).contains("image=t:1", "memory=67108864", "pids=64");
    }

    @Test
    void deniesPrivilegedWithTheRuleAndTheFix() {
      JsonNode answer = answer(create(hardenedWith("\"Privileged\":true")));
      assertThat(answer.path("Allow").asBoolean()).isFalse();
      assertThat(answer.path("Msg").asText()).contains("[container-privileged]", "HostConfig.Privileged",
          "Fix: Remove --privileged");
    }

    @Test
    void deniesSmuggledPrivilegeInAnyCase() {
      String body = "{\"Image\":\"t:1\",\"hostconfig\":{\"privileged\":true,\"memory\":1000000,\"pidslimit\":5}}";
      assertThat(answer(create(body)).path("Msg").asText()).contains("[container-privileged]");
      String kelvin = HARDENED.replace("\"CapDrop\":[\"ALL\"]", "\"CapDrop\":[\"ALL\"],\"C\\u0061pAdd\":[\"\\u017Fys_admin\"]");
      assertThat(answer(create(kelvin)).path("Msg").asText()).contains("[container-dangerous-capabilities]");
    }

    @Test
    void deniesARepeatedKey() {
      String body = hardenedWith("\"Privileged\":true,\"privileged\":false");
      JsonNode answer = answer(create(body));
      assertThat(answer.path("Allow").asBoolean()).isFalse();
      assertThat(answer.path("Msg").asText()).contains("[guard-uninspectable]", "HostConfig.Privileged more than once");
    }

    @Test
    void deniesTopLevelHostConfigFields() {
      String body = "{\"Image\":\"t:1\",\"Privileged\":true}";
      assertThat(answer(create(body)).path("Msg").asText()).contains("[guard-uninspectable]", "top level");
    }

    @Test
    void deniesEachDangerousSetting() {
      assertThat(answer(create(hardenedWith("\"CapAdd\":[\"CAP_SYS_ADMIN\"]"))).path("Msg").asText())
          .contains("[container-dangerous-capabilities]");
      assertThat(answer(create(hardenedWith("\"PidMode\":\"host\""))).path("Msg").asText()).contains("[container-host-pid]");
      assertThat(answer(create(hardenedWith("\"Binds\":[\"/:/host\"]"))).path("Msg").asText())
          .contains("[container-sensitive-host-mount]");
      assertThat(answer(create(hardenedWith("\"Binds\":[\"//var/./run/docker.sock:/s\"]"))).path("Msg").asText())
          .contains("[container-docker-socket-mounted]");
      assertThat(answer(create(hardenedWith("\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/run\",\"Target\":\"/r\"}]")))
          .path("Msg").asText()).contains("[container-docker-socket-mounted]");
      String unlimited = "{\"Image\":\"t:1\",\"HostConfig\":{}}";
      assertThat(answer(create(unlimited)).path("Msg").asText()).contains("[container-no-memory-limit]",
          "[container-no-pids-limit]", "Fix: Set a memory limit (--memory");
      assertThat(answer(create(hardenedWith("\"PidsLimit\":-1").replace("\"PidsLimit\":64,", "")))
          .path("Msg").asText()).contains("[container-no-pids-limit]");
    }

    @Test
    void deniesTheHostNetworkAndWarnsAboutLesserRules() {
      JsonNode host = answer(create(HARDENED.replace("\"NetworkMode\":\"none\"", "\"NetworkMode\":\"host\"")));
      assertThat(host.path("Allow").asBoolean()).isFalse();
      assertThat(host.path("Msg").asText()).contains("[container-host-network]");
      JsonNode hardened = answer(create(HARDENED));
      assertThat(hardened.path("Allow").asBoolean()).as(hardened.toString()).isTrue();
    }
  }

  @Nested
  class FailsClosed {
    @Test
    void emptyBody() {
      JsonNode answer = answer(call("", "POST", "/v1.41/containers/create", null,
          Map.of("Content-Type", "application/json", "Content-Length", "0")));
      assertThat(answer.path("Allow").asBoolean()).isFalse();
      assertThat(answer.path("Msg").asText()).contains("CVE-2024-41110");
    }

    @Test
    void chunkedBodyDockerdDidNotForward() {
      JsonNode answer = answer(call("", "POST", "/v1.41/containers/create", null, Map.of("Content-Type",
          "application/json")));
      assertThat(answer.path("Allow").asBoolean()).isFalse();
    }

    @Test
    void oversizedBody() {
      JsonNode answer = answer(call("", "POST", "/v1.41/containers/create", null, Map.of("Content-Type",
          "application/json", "Content-Length", "1048576")));
      assertThat(answer.path("Msg").asText()).contains("CVE-2026-34040");
      JsonNode forwardedSmall = answer(call("", "POST", "/v1.41/containers/create", HARDENED, Map.of("Content-Type",
          "application/json", "Content-Length", "2000000")));
      assertThat(forwardedSmall.path("Allow").asBoolean()).isFalse();
    }

    @Test
    void bodyNotForwardedBecauseOfItsContentType() {
      JsonNode answer = answer(call("", "POST", "/v1.41/containers/create", null, Map.of("Content-Type",
          "application/json; charset=utf-8", "Content-Length", "300")));
      assertThat(answer.path("Msg").asText()).contains("did not forward");
    }

    @Test
    void truncatedBody() {
      JsonNode answer = answer(call("", "POST", "/v1.41/containers/create", HARDENED, Map.of("Content-Type",
          "application/json", "Content-Length", Integer.toString(HARDENED.length() + 10))));
      assertThat(answer.path("Msg").asText()).contains("truncated");
    }

    @Test
    void malformedContentLength() {
      JsonNode answer = answer(call("", "POST", "/v1.41/containers/create", HARDENED, Map.of("Content-Length", "-1")));
      assertThat(answer.path("Msg").asText()).contains("malformed");
    }

    @Test
    void notJson() {
      assertThat(answer(create("{\"Image\":")).path("Msg").asText()).contains("not JSON");
      assertThat(answer(create("[1]")).path("Msg").asText()).contains("not JSON");
      assertThat(answer(create(HARDENED + " {}")).path("Msg").asText()).contains("not JSON");
    }

    @Test
    void execWithoutBody() {
      JsonNode answer = answer(call("", "POST", "/v1.41/containers/web/exec", null, Map.of()));
      assertThat(answer.path("Allow").asBoolean()).isFalse();
    }

    @Test
    void startWithAnOldApiVersion() {
      assertThat(answer(call("", "POST", "/v1.23/containers/web/start", null, Map.of())).path("Allow").asBoolean())
          .isFalse();
      assertThat(answer(call("", "POST", "/v1.41/containers/web/start", null, Map.of())).path("Allow").asBoolean())
          .isTrue();
    }

    @Test
    void malformedUri() {
      assertThat(answer(call("", "POST", "/v1.41/containers%2", null, Map.of())).path("Allow").asBoolean()).isFalse();
    }

    @Test
    void malformedPluginCall() {
      JsonNode answer;
      try {
        answer = Json.mapper().readTree(plugin.decide("{\"RequestUri\":".getBytes(StandardCharsets.UTF_8), false));
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
      assertThat(answer.path("Allow").asBoolean()).isFalse();
      assertThat(answer.path("Err").asText()).isNotEmpty();
    }

    @Test
    void auditFailureDenies() {
      AuthzPlugin failing = new AuthzPlugin(translator, new Guard(r -> Decision.allow(List.of()),
          (request, decision, dryRun) -> {
            throw new java.io.IOException("disk full");
          }));
      JsonNode answer;
      try {
        answer = Json.mapper().readTree(failing.decide(call("", "GET", "/_ping", null, Map.of()), false));
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
      assertThat(answer.path("Allow").asBoolean()).isFalse();
      assertThat(answer.path("Msg").asText()).contains("guard.audit-failed", "disk full");
    }

    @Test
    void deciderFailureDenies() {
      AuthzPlugin failing = new AuthzPlugin(translator, new Guard(r -> {
        throw new IllegalStateException("boom");
      }, AuditSink.NONE));
      assertThat(new String(failing.decide(call("", "GET", "/_ping", null, Map.of()), false), StandardCharsets.UTF_8))
          .contains("\"Allow\":false", "guard.decider-failed");
    }
  }

  @Nested
  class OtherRequests {
    @Test
    void execPrivilegedOrAsRootIsDenied() {
      String uri = "/v1.41/containers/web/exec";
      Map<String, String> h = Map.of("Content-Type", "application/json");
      assertThat(answer(call("", "POST", uri, "{\"Privileged\":true,\"Cmd\":[\"sh\"]}", h)).path("Msg").asText())
          .contains("[exec-privileged]");
      assertThat(answer(call("", "POST", uri, "{\"User\":\"0\",\"Cmd\":[\"sh\"]}", h)).path("Msg").asText())
          .contains("[exec-as-root]");
      assertThat(answer(call("", "POST", uri, "{\"user\":\"root:root\",\"Cmd\":[\"sh\"]}", h)).path("Msg").asText())
          .contains("[exec-as-root]");
      assertThat(answer(call("", "POST", uri, "{\"Cmd\":[\"sh\"]}", h)).path("Allow").asBoolean()).isTrue();
      GuardRequest last = recorded.getLast();
      assertThat(last.attributes()).containsEntry("container", "web").containsEntry("exec.privileged", "false");
    }

    @Test
    void pluginChangesNeedAnExemptUser() {
      assertThat(answer(call("", "POST", "/v1.41/plugins/bulwark/disable", null, Map.of())).path("Msg").asText())
          .contains("[plugin-change]");
      assertThat(answer(call("admin", "POST", "/v1.41/plugins/bulwark/disable", null, Map.of())).path("Allow")
          .asBoolean()).isTrue();
      assertThat(answer(call("eve", "DELETE", "/v1.41/plugins/bulwark", null, Map.of())).path("Allow").asBoolean())
          .isFalse();
      assertThat(answer(call("eve", "POST", "/v1.41/plugins/pull?remote=x/y", "[]", Map.of())).path("Allow")
          .asBoolean()).isFalse();
    }

    @Test
    void pullsAreCheckedAgainstTheRegistryAllowList() {
      assertThat(answer(call("", "POST", "/v1.41/images/create?fromImage=alpine&tag=3", null, Map.of())).path("Allow")
          .asBoolean()).isTrue();
      assertThat(answer(call("", "POST", "/v1.41/images/create?fromImage=evil.example%2Fx&tag=1", null, Map.of()))
          .path("Msg").asText()).contains("[registry-not-allowed]", "evil.example");
    }

    @Test
    void aVolumeBindingTheHostRootIsDenied() {
      String body = "{\"Name\":\"root\",\"Driver\":\"local\",\"DriverOpts\":{\"type\":\"none\",\"o\":\"bind\","
          + "\"device\":\"/\"}}";
      assertThat(answer(call("", "POST", "/v1.41/volumes/create", body, Map.of("Content-Type", "application/json")))
          .path("Msg").asText()).contains("[volume-binds-host-path]", "root filesystem");
      String plain = "{\"Name\":\"data\"}";
      assertThat(answer(call("", "POST", "/v1.41/volumes/create", plain, Map.of())).path("Allow").asBoolean()).isTrue();
      assertThat(answer(call("", "POST", "/v1.41/volumes/create", null, Map.of())).path("Allow").asBoolean()).isFalse();
    }

    @Test
    void networkCreateIsRecorded() {
      assertThat(answer(call("", "POST", "/v1.41/networks/create", "{\"Name\":\"n\",\"Driver\":\"bridge\"}", Map.of()))
          .path("Allow").asBoolean()).isTrue();
      assertThat(recorded.getLast().attributes()).containsEntry("network.driver", "bridge");
    }

    @Test
    void everythingElseIsAllowedAndRecorded() {
      assertThat(answer(call("alice", "GET", "/v1.41/containers/json?all=1", null, Map.of())).path("Allow").asBoolean())
          .isTrue();
      GuardRequest request = recorded.getLast();
      assertThat(request.action()).isEqualTo("other");
      assertThat(request.user()).contains("alice");
      assertThat(request.authMethod()).isEqualTo("TLS");
      assertThat(request.uri()).isEqualTo("/v1.41/containers/json?all=1");
    }

    @Test
    void responsesAreAllowedAndRecorded() throws Exception {
      ObjectNode json = (ObjectNode) Json.mapper().readTree(call("", "GET", "/v1.41/info", null, Map.of()));
      json.put("ResponseStatusCode", 200);
      json.put("ResponseBody", Base64.getEncoder().encodeToString("{}".getBytes(StandardCharsets.UTF_8)));
      JsonNode answer = Json.mapper().readTree(plugin.decide(json.toString().getBytes(StandardCharsets.UTF_8), true));
      assertThat(answer.path("Allow").asBoolean()).isTrue();
      assertThat(recorded.getLast().attributes()).containsEntry("phase", "response").containsEntry("status", "200");
    }
  }
}
