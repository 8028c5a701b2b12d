package dev.bulwark.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.image.RegistryReference;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** How references name registries and where their credentials are filed, as Docker does it. */
class ReferenceNormalizationTest {
  @Nested
  class References {
    @Test
    void aBareNameIsAnOfficialHubImage() {
      RegistryReference ref = RegistryReference.parse("debian");
      assertThat(ref.registry()).isEqualTo("docker.io");
      assertThat(ref.repository()).isEqualTo("library/debian");
      assertThat(ref.tag()).contains("latest");
      assertThat(ref.apiHost()).isEqualTo("registry-1.docker.io");
    }

    @Test
    void hubAliasesAreOneRegistry() {
      assertThat(RegistryReference.parse("index.docker.io/library/debian:12").registry()).isEqualTo("docker.io");
      assertThat(RegistryReference.parse("registry-1.docker.io/debian:12").repository()).isEqualTo("library/debian");
    }

    @Test
    void aHostWithAPortKeepsItAndTheTagIsAfterTheLastColon() {
      RegistryReference ref = RegistryReference.parse("127.0.0.1:5000/team/app:1.2");
      assertThat(ref.registry()).isEqualTo("127.0.0.1:5000");
      assertThat(ref.repository()).isEqualTo("team/app");
      assertThat(ref.tag()).contains("1.2");
      assertThat(ref.apiHost()).isEqualTo("127.0.0.1:5000");
    }

    @Test
    void aDigestReferencePinsTheManifest() {
      String digest = "sha256:" + "a".repeat(64);
      RegistryReference ref = RegistryReference.parse("localhost/app@" + digest);
      assertThat(ref.tag()).isEqualTo(Optional.empty());
      assertThat(ref.manifestReference()).isEqualTo(digest);
    }
  }

  @Nested
  class CredentialKeys {
    @Test
    void hubCredentialsAreFiledUnderTheV1Url() {
      assertThat(DockerCredentials.serverKey("docker.io")).isEqualTo("https://index.docker.io/v1/");
      assertThat(DockerCredentials.hostname("https://index.docker.io/v1/")).isEqualTo("index.docker.io");
      assertThat(DockerCredentials.hostname("docker.io")).isEqualTo("index.docker.io");
    }

    @Test
    void keysMatchWithoutSchemeOrPath() {
      assertThat(DockerCredentials.hostname("https://Registry.Example:5000/v2/")).isEqualTo("registry.example:5000");
      assertThat(DockerCredentials.hostname("http://registry.example")).isEqualTo("registry.example");
      assertThat(DockerCredentials.hostname("registry.example:5000")).isEqualTo("registry.example:5000");
    }
  }
}
