package dev.bulwark.audit.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionTest {
  private static final String MASK = Redaction.MASK;

  @Nested
  class MasksCredentials {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "run --password=hunter2 now          | run --password=<redacted> now",
        "login --password hunter2 -u me      | login --password <redacted> -u me",
        "docker login --password-stdin -u me | docker login --password-stdin -u me",
        "curl -H 'x' --oauth2-bearer abc123  | curl -H 'x' --oauth2-bearer <redacted>",
        "export DB_PASSWORD=\"s3cr3t pass\"  | export DB_PASSWORD=<redacted>",
        "api_key: abc                        | api_key: <redacted>",
        "git clone https://bob:pw@host/r.git | git clone https://bob:<redacted>@host/r.git",
        "echo AKIAIOSFODNN7EXAMPLE           | echo <redacted>",
        "x ghp_abcdefghijklmnopqrstuvwxyz012 | x <redacted>",
    })
    void inFreeText(String text, String expected) {
      assertThat(Redaction.mask(text)).isEqualTo(expected);
    }

    @Test
    void privateKeysWholly() {
      String key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----";
      assertThat(Redaction.mask("echo '" + key + "' > id")).isEqualTo("echo '" + MASK + "' > id");
    }

    @Test
    void environmentShowsNamesOnly() {
      Object env = List.of(Map.of("name", "HOME", "value", "/root", "fromSecret", false),
          Map.of("name", "DB", "fromSecret", true));
      assertThat(Redaction.render("container.env", env)).isEqualTo("[HOME=" + MASK + ", DB (from a secret)]");
    }
  }

  @Nested
  class CitesStructuresByWhatIdentifiesThem {
    @Test
    void aBuildStageByItsFromLine() {
      Map<String, Object> stage = new java.util.LinkedHashMap<>();
      stage.put("index", 1);
      stage.put("name", "build");
      stage.put("baseImage", "golang:latest");
      stage.put("line", 7);
      stage.put("instructions", List.of(Map.of("keyword", "RUN", "arguments", "make", "line", 8)));
      assertThat(Redaction.render("stages[1]", stage)).isEqualTo("FROM golang:latest AS build");
      stage.put("name", dev.cel.common.values.NullValue.NULL_VALUE);
      assertThat(Redaction.render("stages[1]", stage)).isEqualTo("FROM golang:latest");
    }
  }

  @Nested
  class KeepsOrdinaryWords {
    @ParameterizedTest
    @ValueSource(strings = {
        "apt-get install -y oauth2-proxy curl ca-certificates",
        "COPY authorized_keys /root/.ssh/authorized_keys",
        "RUN passwd -d root && chpasswd < users",
        "pip install python-keystoneclient passlib requests",
        "sshd -o PasswordAuthentication no",
        "apt-get install -y libpam-google-authenticator wget",
    })
    void commandsPackagesAndPathsStay(String text) {
      assertThat(Redaction.mask(text)).isEqualTo(text);
    }
  }
}
