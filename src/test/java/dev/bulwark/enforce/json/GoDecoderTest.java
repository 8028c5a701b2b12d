package dev.bulwark.enforce.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.enforce.docker.wire.DockerTypes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Decoding as Go 1.19's encoding/json does (dockerd 20.10). Expected values were checked against
 * Go 1.19.8 with structs of the same shape (see src/test/resources/enforce/json/oracle.go).
 */
class GoDecoderTest {
  private static GoDecoder.Result decode(String body) {
    return GoDecoder.decode(DockerTypes.CONTAINER_CREATE, body.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode host(String body) {
    GoStruct wrapper = (GoStruct) decode(body).value();
    return GoDecoder.toJson(DockerTypes.HOST_CONFIG, wrapper.get("HostConfig"));
  }

  private static JsonNode config(String body) {
    GoStruct wrapper = (GoStruct) decode(body).value();
    return GoDecoder.toJson(DockerTypes.CONFIG, wrapper.get("Config"));
  }

  @Nested
  class KeysMatchCaseInsensitively {
    @Test
    void lowerCaseKeysSetTheFields() {
      assertThat(host("{\"hostconfig\":{\"privileged\":true}}").path("Privileged").asBoolean()).isTrue();
      assertThat(host("{\"HOSTCONFIG\":{\"PRIVILEGED\":true}}").path("Privileged").asBoolean()).isTrue();
    }

    @Test
    void escapesAreDecodedBeforeMatching() {
      assertThat(host("{\"HostConfig\":{\"Privil\\u0065ged\":true}}").path("Privileged").asBoolean()).isTrue();
      assertThat(host("{\"Host\\u0043onfig\":{\"\\u0070rivileged\":true}}").path("Privileged").asBoolean()).isTrue();
    }

    @Test
    void longSAndKelvinSignFoldLikeGo() {
      JsonNode h = host("{\"HostConfig\":{\"Bind\\u017F\":[\"/:/h\"],\"\\u017FecurityOpt\":[\"x\"],"
          + "\"Networ\\u212AMode\":\"host\",\"Lin\\u212As\":[\"a\"]}}");
      assertThat(h.path("Binds").get(0).asText()).isEqualTo("/:/h");
      assertThat(h.path("SecurityOpt").get(0).asText()).isEqualTo("x");
      assertThat(h.path("NetworkMode").asText()).isEqualTo("host");
      assertThat(h.path("Links").get(0).asText()).isEqualTo("a");
    }

    @Test
    void kelvinSignMatchesOnlyK() {
      // U+212A folds with k only: "Ca\u212Add" is not CapAdd.
      assertThat(host("{\"HostConfig\":{\"Ca\\u212Add\":[\"SYS_ADMIN\"]}}").path("CapAdd").isNull()).isTrue();
    }

    @Test
    void otherLookalikesDoNotMatch() {
      // Dotless i (U+0131) and fullwidth letters have no simple fold to ASCII.
      assertThat(host("{\"HostConfig\":{\"Pr\\u0131vileged\":true}}").path("Privileged").asBoolean()).isFalse();
      assertThat(host("{\"HostConfig\":{\"\\uFF30rivileged\":true}}").path("Privileged").asBoolean()).isFalse();
    }

    @Test
    void invalidUtf8InAKeyNeverMatches() {
      byte[] body = "{\"HostConfig\":{\"Privileged\":true},\"Im\u00ffage\":\"x\"}".getBytes(StandardCharsets.ISO_8859_1);
      GoStruct wrapper = (GoStruct) GoDecoder.decode(DockerTypes.CONTAINER_CREATE, body).value();
      assertThat(wrapper.get("Config")).isNull();
    }
  }

  @Nested
  class RepeatedKeys {
    @Test
    void lastOneWinsInAnyCase() {
      GoDecoder.Result result = decode("{\"HostConfig\":{\"Privileged\":false,\"privileged\":true}}");
      assertThat(host("{\"HostConfig\":{\"Privileged\":false,\"privileged\":true}}").path("Privileged").asBoolean())
          .isTrue();
      assertThat(host("{\"HostConfig\":{\"privileged\":true,\"Privileged\":false}}").path("Privileged").asBoolean())
          .isFalse();
      assertThat(result.duplicates()).containsExactly("ContainerConfigWrapper.HostConfig.Privileged");
    }

    @Test
    void nullLeavesAScalarAsItWas() {
      assertThat(host("{\"HostConfig\":{\"Privileged\":true,\"Privileged\":null}}").path("Privileged").asBoolean())
          .isTrue();
      assertThat(config("{\"Image\":\"x\",\"Image\":null}").path("Image").asText()).isEqualTo("x");
    }

    @Test
    void nullClearsPointersSlicesAndMaps() {
      assertThat(host("{\"HostConfig\":{\"PidsLimit\":5,\"PidsLimit\":null}}").path("PidsLimit").isNull()).isTrue();
      assertThat(host("{\"HostConfig\":{\"CapAdd\":[\"A\"],\"CapAdd\":null}}").path("CapAdd").isNull()).isTrue();
      GoStruct wrapper = (GoStruct) decode("{\"HostConfig\":{\"Privileged\":true},\"HostConfig\":null}").value();
      assertThat(wrapper.get("HostConfig")).isNull();
    }

    @Test
    void repeatedObjectsMergeIntoTheSameStruct() {
      JsonNode h = host("{\"HostConfig\":{\"Privileged\":true},\"HostConfig\":{\"Memory\":5}}");
      assertThat(h.path("Privileged").asBoolean()).isTrue();
      assertThat(h.path("Memory").asLong()).isEqualTo(5);
    }

    @Test
    void repeatedMapsKeepEarlierKeys() {
      JsonNode c = config("{\"Labels\":{\"a\":\"1\"},\"Labels\":{\"b\":\"2\"}}");
      assertThat(c.path("Labels").path("a").asText()).isEqualTo("1");
      assertThat(c.path("Labels").path("b").asText()).isEqualTo("2");
    }

    @Test
    void repeatedArraysReuseElementsLeftInTheBackingArray() {
      JsonNode h = host("{\"HostConfig\":{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/\"},{\"Source\":\"/b\"}],"
          + "\"Mounts\":[{\"Target\":\"/x\"}],\"Mounts\":[{\"Target\":\"/y\"},{\"Target\":\"/z\"}]}}");
      assertThat(h.path("Mounts")).hasSize(2);
      assertThat(h.path("Mounts").get(0).path("Type").asText()).isEqualTo("bind");
      assertThat(h.path("Mounts").get(0).path("Source").asText()).isEqualTo("/");
      assertThat(h.path("Mounts").get(0).path("Target").asText()).isEqualTo("/y");
      assertThat(h.path("Mounts").get(1).path("Source").asText()).isEqualTo("/b");
      assertThat(h.path("Mounts").get(1).path("Target").asText()).isEqualTo("/z");
    }

    @Test
    void nullElementsKeepTheOldStringInAPlainSlice() {
      assertThat(host("{\"HostConfig\":{\"Binds\":[\"/:/h\"],\"Binds\":[null]}}").path("Binds").get(0).asText())
          .isEqualTo("/:/h");
    }

    @Test
    void strSliceAlwaysStartsAfresh() {
      assertThat(host("{\"HostConfig\":{\"CapAdd\":[\"A\",\"B\"],\"CapAdd\":[null]}}").path("CapAdd"))
          .hasSize(1).first().extracting(JsonNode::asText).isEqualTo("");
      assertThat(host("{\"HostConfig\":{\"CapAdd\":\"SYS_ADMIN\"}}").path("CapAdd").get(0).asText())
          .isEqualTo("SYS_ADMIN");
    }

    @Test
    void emptyArrayEmptiesTheSlice() {
      assertThat(host("{\"HostConfig\":{\"Mounts\":[{\"Source\":\"/\"}],\"Mounts\":[]}}").path("Mounts")).isEmpty();
    }

    @Test
    void duplicatesAreReportedThroughEscapesAndCase() {
      assertThat(decode("{\"HostConfig\":{\"Privileged\":true,\"Privil\\u0065ged\":false}}").duplicates())
          .containsExactly("ContainerConfigWrapper.HostConfig.Privileged");
      assertThat(decode("{\"Image\":\"a\",\"image\":\"b\"}").duplicates())
          .containsExactly("ContainerConfigWrapper.Image");
      assertThat(decode("{\"Labels\":{\"a\":\"1\",\"a\":\"2\"}}").duplicates())
          .containsExactly("ContainerConfigWrapper.Labels[a]");
      assertThat(decode("{\"HostConfig\":{\"Privileged\":true},\"hostconfig\":{}}").duplicates())
          .containsExactly("ContainerConfigWrapper.HostConfig");
    }
  }

  @Nested
  class Types {
    @Test
    void numbersAreNotBooleans() {
      assertThatThrownBy(() -> decode("{\"HostConfig\":{\"Privileged\":1}}"))
          .isInstanceOf(GoJsonException.class).hasMessageContaining("cannot unmarshal number");
      assertThatThrownBy(() -> decode("{\"HostConfig\":{\"Privileged\":\"true\"}}"))
          .isInstanceOf(GoJsonException.class).hasMessageContaining("cannot unmarshal string");
    }

    @Test
    void integersRefuseFractionsExponentsAndOverflow() {
      assertThatThrownBy(() -> decode("{\"HostConfig\":{\"Memory\":1.0}}")).isInstanceOf(GoJsonException.class);
      assertThatThrownBy(() -> decode("{\"HostConfig\":{\"Memory\":1e3}}")).isInstanceOf(GoJsonException.class);
      assertThatThrownBy(() -> decode("{\"HostConfig\":{\"Memory\":9223372036854775808}}"))
          .isInstanceOf(GoJsonException.class);
      assertThatThrownBy(() -> decode("{\"HostConfig\":{\"BlkioWeight\":65536}}")).isInstanceOf(GoJsonException.class);
      assertThat(host("{\"HostConfig\":{\"Memory\":-0}}").path("Memory").asLong()).isZero();
    }

    @Test
    void stringsAreNotNumbers() {
      assertThatThrownBy(() -> decode("{\"HostConfig\":{\"Memory\":\"64m\"}}")).isInstanceOf(GoJsonException.class);
    }

    @Test
    void aStructMustBeAnObject() {
      assertThatThrownBy(() -> decode("{\"HostConfig\":[]}")).isInstanceOf(GoJsonException.class);
      assertThatThrownBy(() -> decode("[]")).isInstanceOf(GoJsonException.class);
    }

    @Test
    void unknownKeysAreIgnored() {
      assertThat(decode("{\"Whatever\":{\"Privileged\":true}}").duplicates()).isEmpty();
      assertThat(host("{\"Whatever\":{\"Privileged\":true},\"HostConfig\":{}}").path("Privileged").asBoolean())
          .isFalse();
    }

    @Test
    void topLevelHostConfigFieldsGoToTheLegacyEmbeddedStruct() {
      GoStruct wrapper = (GoStruct) decode("{\"Image\":\"x\",\"privileged\":true}").value();
      assertThat(wrapper.get("HostConfig")).isNull();
      GoStruct legacy = (GoStruct) wrapper.get("LegacyHostConfig");
      assertThat(GoDecoder.toJson(DockerTypes.HOST_CONFIG, legacy).path("Privileged").asBoolean()).isTrue();
      // Go allocates the embedded pointer even for a null value.
      assertThat(((GoStruct) decode("{\"Privileged\":null}").value()).get("LegacyHostConfig")).isNotNull();
    }
  }

  @Nested
  class Syntax {
    @Test
    void invalidUtf8BecomesOneReplacementCharacterPerByte() {
      byte[] body = {'{', '"', 'I', 'm', 'a', 'g', 'e', '"', ':', '"', 'a', (byte) 0xE2, (byte) 0x82, 'b', '"', '}'};
      GoStruct wrapper = (GoStruct) GoDecoder.decode(DockerTypes.CONTAINER_CREATE, body).value();
      assertThat(GoDecoder.toJson(DockerTypes.CONFIG, wrapper.get("Config")).path("Image").asText())
          .isEqualTo("a\uFFFD\uFFFDb");
    }

    @Test
    void encodedSurrogatesAndOverlongFormsAreInvalid() {
      byte[] body = {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xC0, (byte) 0xAF, '"'};
      assertThat(((JsonValue.Str) GoJsonParser.parse(body)).value()).isEqualTo("\uFFFD".repeat(5));
      byte[] valid = "\"é€😀\"".getBytes(StandardCharsets.UTF_8);
      assertThat(((JsonValue.Str) GoJsonParser.parse(valid)).value()).isEqualTo("é€😀");
    }

    @Test
    void loneSurrogateEscapesBecomeReplacementCharacters() {
      assertThat(config("{\"Image\":\"\\ud800x\"}").path("Image").asText()).isEqualTo("\uFFFDx");
      assertThat(config("{\"Image\":\"\\udc00\\ud83d\\ude00\"}").path("Image").asText()).isEqualTo("\uFFFD😀");
    }

    @Test
    void trailingContentIsRefused() {
      assertThatThrownBy(() -> decode("{\"Image\":\"x\"} {\"HostConfig\":{}}"))
          .isInstanceOf(GoJsonException.class).hasMessageContaining("after the top-level value");
      assertThat(decode("{\"Image\":\"x\"}\n").duplicates()).isEmpty();
    }

    @Test
    void malformedJsonIsRefused() {
      for (String bad : new String[] {"", " ", "{", "{\"a\":}", "{\"a\":1,}", "{'a':1}", "{\"a\":01}", "{\"a\":tru}",
          "\uFEFF{}", "{\"a\":\"\t\"}", "{\"a\":\"\\x\"}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":NaN}", "/*c*/{}"}) {
        assertThatThrownBy(() -> GoJsonParser.parse(bad.getBytes(StandardCharsets.UTF_8)))
            .as(bad).isInstanceOf(GoJsonException.class);
      }
    }

    @Test
    void nestingIsBounded() {
      String deep = "[".repeat(GoJsonParser.MAX_DEPTH + 2) + "]".repeat(GoJsonParser.MAX_DEPTH + 2);
      assertThatThrownBy(() -> GoJsonParser.parse(deep.getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(GoJsonException.class).hasMessageContaining("nested deeper");
    }
  }

  @Nested
  class Folding {
    @Test
    void matchesGoEqualFold() {
      assertThat(GoFold.equalFold("Privileged", "pRIVILEGED")).isTrue();
      assertThat(GoFold.equalFold("SecurityOpt", "\u017FECURITYOPT")).isTrue();
      assertThat(GoFold.equalFold("Links", "lin\u212As")).isTrue();
      assertThat(GoFold.equalFold("Privileged", "Privilegedx")).isFalse();
      assertThat(GoFold.equalFold("Privileged", "Privilege")).isFalse();
      assertThat(GoFold.equalFold("Cpuset", "Cpu@et")).isFalse();
      assertThat(GoFold.equalFold("A_B", "a_b")).isTrue();
      assertThat(GoFold.equalFold("A_B", "a\u007fb")).isFalse();
    }
  }
}
