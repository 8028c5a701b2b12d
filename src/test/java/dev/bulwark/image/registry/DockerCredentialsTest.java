package dev.bulwark.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.InputException;
import dev.bulwark.image.Platform;
import dev.bulwark.image.SourceOptions;
import dev.bulwark.io.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerCredentialsTest {
  @TempDir Path dir;

  private DockerCredentials config(String json) throws IOException {
    return config(json, Map.of());
  }

  private DockerCredentials config(String json, Map<String, String> env) throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, json);
    return new DockerCredentials(Optional.of(file), true, env);
  }

  @Nested
  class Auths {
    @Test
    void decodesTheBase64AuthField() throws IOException {
      // "alice:pa:ss" — the password may hold colons
      DockerCredentials credentials = config("{\"auths\":{\"reg.example:5000\":{\"auth\":\"YWxpY2U6cGE6c3M=\"}}}");
      assertThat(credentials.lookup("reg.example:5000"))
          .contains(new Credential.UserPassword("alice", "pa:ss"));
      assertThat(credentials.lookup("other.example")).isEmpty();
    }

    @Test
    void readsUsernameAndPasswordFields() throws IOException {
      DockerCredentials credentials = config(
          "{\"auths\":{\"https://reg.example/v1/\":{\"username\":\"bob\",\"password\":\"secret\"}}}");
      assertThat(credentials.lookup("reg.example")).contains(new Credential.UserPassword("bob", "secret"));
    }

    @Test
    void anIdentityTokenWins() throws IOException {
      DockerCredentials credentials = config(
          "{\"auths\":{\"reg.example\":{\"auth\":\"YTpi\",\"identitytoken\":\"refresh-me\"}}}");
      assertThat(credentials.lookup("reg.example")).contains(new Credential.IdentityToken("refresh-me"));
    }

    @Test
    void dockerHubUsesItsV1Key() throws IOException {
      DockerCredentials credentials = config("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"aHViOnB3\"}}}");
      assertThat(credentials.lookup("docker.io")).contains(new Credential.UserPassword("hub", "pw"));
    }

    @Test
    void malformedAuthIsAnErrorNamingTheEntryButNotTheSecret() throws IOException {
      DockerCredentials credentials = config("{\"auths\":{\"reg.example\":{\"auth\":\"bm9jb2xvbg==\"}}}");
      assertThatThrownBy(() -> credentials.lookup("reg.example"))
          .isInstanceOf(InputException.class)
          .hasMessageContaining("auths entry 'reg.example'")
          .hasMessageContaining("user:password")
          .hasMessageNotContaining("nocolon");
    }
  }

  @Nested
  class Files_ {
    @Test
    void aMissingDefaultConfigMeansNoCredentials() {
      SourceOptions options = SourceOptions.defaults(Map.of("HOME", dir.toString()));
      assertThat(DockerCredentials.from(options).lookup("reg.example")).isEmpty();
      assertThat(DockerCredentials.from(options).describe()).isEqualTo(dir.resolve(".docker/config.json").toString());
    }

    @Test
    void dockerConfigOverridesHome() {
      SourceOptions options = SourceOptions.defaults(Map.of("HOME", "/home/x", "DOCKER_CONFIG", dir.toString()));
      assertThat(DockerCredentials.from(options).describe()).isEqualTo(dir.resolve("config.json").toString());
    }

    @Test
    void aMissingExplicitConfigIsAnError() {
      SourceOptions options = new SourceOptions(Platform.LINUX_AMD64, Set.of(), List.of(),
          Optional.of(dir.resolve("absent.json")), Map.of(), Limits.DEFAULT);
      assertThatThrownBy(() -> DockerCredentials.from(options).lookup("reg.example"))
          .isInstanceOf(InputException.class)
          .hasMessageContaining("absent.json: no such file");
    }

    @Test
    void malformedJsonIsAnError() throws IOException {
      DockerCredentials credentials = config("{\"auths\":");
      assertThatThrownBy(() -> credentials.lookup("reg.example"))
          .isInstanceOf(InputException.class)
          .hasMessageContaining("malformed JSON");
    }
  }

  @Nested
  class Helpers {
    private Path helper(String name, String script) throws IOException {
      Path bin = Files.createDirectories(dir.resolve("bin"));
      Path file = bin.resolve("docker-credential-" + name);
      Files.writeString(file, "#!/bin/sh\n" + script);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
      return bin;
    }

    @Test
    void aPerRegistryHelperIsAskedWithTheServerOnStdin() throws IOException {
      Path bin = helper("fake", "read server\n"
          + "printf '{\"ServerURL\":\"%s\",\"Username\":\"u-%s\",\"Secret\":\"s3\"}' \"$server\" \"$server\"\n");
      DockerCredentials credentials = config("{\"credHelpers\":{\"reg.example\":\"fake\"}}",
          Map.of("PATH", bin.toString()));
      assertThat(credentials.lookup("reg.example")).contains(new Credential.UserPassword("u-reg.example", "s3"));
    }

    @Test
    void theCredsStoreServesHubWithItsV1Key() throws IOException {
      Path bin = helper("store", "read server\n"
          + "printf '{\"Username\":\"<token>\",\"Secret\":\"%s\"}' \"$server\"\n");
      DockerCredentials credentials = config("{\"credsStore\":\"store\"}", Map.of("PATH", bin.toString()));
      assertThat(credentials.lookup("docker.io"))
          .contains(new Credential.IdentityToken("https://index.docker.io/v1/"));
    }

    @Test
    void notFoundInTheHelperFallsBackToAuths() throws IOException {
      Path bin = helper("empty", "echo 'credentials not found in native keychain'\nexit 1\n");
      DockerCredentials credentials = config(
          "{\"credsStore\":\"empty\",\"auths\":{\"reg.example\":{\"auth\":\"YTpi\"}}}", Map.of("PATH", bin.toString()));
      assertThat(credentials.lookup("reg.example")).contains(new Credential.UserPassword("a", "b"));
    }

    @Test
    void aFailingHelperIsAnError() throws IOException {
      Path bin = helper("broken", "echo oops >&2\nexit 3\n");
      DockerCredentials credentials = config("{\"credsStore\":\"broken\"}", Map.of("PATH", bin.toString()));
      assertThatThrownBy(() -> credentials.lookup("reg.example"))
          .isInstanceOf(InputException.class)
          .hasMessageContaining("docker-credential-broken failed")
          .hasMessageContaining("exit 3");
    }

    @Test
    void aHelperNotOnPathIsAnError() throws IOException {
      DockerCredentials credentials = config("{\"credsStore\":\"nowhere\"}", Map.of("PATH", dir.toString()));
      assertThatThrownBy(() -> credentials.lookup("reg.example"))
          .isInstanceOf(InputException.class)
          .hasMessageContaining("docker-credential-nowhere")
          .hasMessageContaining("not on PATH");
    }

    @Test
    void aHelperNameCannotBeAPath() throws IOException {
      DockerCredentials credentials = config("{\"credsStore\":\"../../bin/sh\"}", Map.of("PATH", dir.toString()));
      assertThatThrownBy(() -> credentials.lookup("reg.example"))
          .isInstanceOf(InputException.class)
          .hasMessageContaining("malformed credential helper name");
    }
  }
}
