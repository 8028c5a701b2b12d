package dev.bulwark.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {
  @Nested
  class Bearer {
    @Test
    void readsDockerHubsChallenge() {
      List<AuthChallenge> challenges = AuthChallenge.parse(
          "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
              + "scope=\"repository:library/debian:pull\"");
      assertThat(challenges).containsExactly(new AuthChallenge("bearer", Map.of(
          "realm", "https://auth.docker.io/token",
          "service", "registry.docker.io",
          "scope", "repository:library/debian:pull")));
    }

    @Test
    void toleratesSpacesTokensAndCaseInNames() {
      List<AuthChallenge> challenges = AuthChallenge.parse("BEARER Realm = \"https://r/t\" , Service=reg");
      assertThat(challenges).singleElement().satisfies(c -> {
        assertThat(c.scheme()).isEqualTo("bearer");
        assertThat(c.parameter("realm")).contains("https://r/t");
        assertThat(c.parameter("service")).contains("reg");
      });
    }

    @Test
    void unescapesQuotedValuesWithCommasInside() {
      assertThat(AuthChallenge.parse("Bearer realm=\"https://r/t?a=1,b=\\\"2\\\"\",scope=\"x y\""))
          .singleElement()
          .satisfies(c -> {
            assertThat(c.parameter("realm")).contains("https://r/t?a=1,b=\"2\"");
            assertThat(c.parameter("scope")).contains("x y");
          });
    }
  }

  @Nested
  class SeveralChallenges {
    @Test
    void splitsChallengesInOneHeader() {
      List<AuthChallenge> challenges = AuthChallenge.parse(
          "Basic realm=\"Registry Realm\", Bearer realm=\"https://auth/token\",service=\"s\"");
      assertThat(challenges).extracting(AuthChallenge::scheme).containsExactly("basic", "bearer");
      assertThat(challenges.get(0).parameter("realm")).contains("Registry Realm");
      assertThat(challenges.get(1).parameter("service")).contains("s");
    }

    @Test
    void skipsAToken68() {
      assertThat(AuthChallenge.parse("Negotiate abc==, Basic realm=\"r\""))
          .extracting(AuthChallenge::scheme)
          .containsExactly("negotiate", "basic");
    }
  }

  @Nested
  class Malformed {
    @Test
    void anUnterminatedQuoteEndsTheParse() {
      assertThat(AuthChallenge.parse("Bearer realm=\"https://r/t")).singleElement()
          .satisfies(c -> assertThat(c.parameters()).isEmpty());
    }

    @Test
    void emptyAndGarbageGiveNothing() {
      assertThat(AuthChallenge.parse("")).isEmpty();
      assertThat(AuthChallenge.parse("=,=")).isEmpty();
    }

    @Test
    void anOverlongHeaderIsNotParsed() {
      assertThat(AuthChallenge.parse("Basic realm=\"" + "x".repeat(AuthChallenge.MAX_HEADER_CHARS) + "\"")).isEmpty();
    }
  }
}
