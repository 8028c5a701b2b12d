package dev.bulwark.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.UsageException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ImageRefTest {
  @Nested
  class Transports {
    @Test
    void namesEachLocalTransport() {
      assertThat(ImageRef.parse("docker-archive:/tmp/x.tar")).isEqualTo(new ImageRef.DockerArchive(Path.of("/tmp/x.tar")));
      assertThat(ImageRef.parse("oci-archive:x.tar")).isEqualTo(new ImageRef.OciArchive(Path.of("x.tar")));
      assertThat(ImageRef.parse("dir:/srv/root")).isEqualTo(new ImageRef.Directory(Path.of("/srv/root")));
      assertThat(ImageRef.parse("docker:alpine:3.18")).isEqualTo(new ImageRef.DockerDaemon("alpine:3.18"));
      assertThat(ImageRef.parse("docker-daemon:alpine")).isEqualTo(new ImageRef.DockerDaemon("alpine"));
    }

    @Test
    void ociLayoutTakesAnOptionalTag() {
      assertThat(ImageRef.parse("oci:/tmp/layout:v1")).isEqualTo(new ImageRef.OciLayout(Path.of("/tmp/layout"), Optional.of("v1")));
      assertThat(ImageRef.parse("oci:/tmp/layout")).isEqualTo(new ImageRef.OciLayout(Path.of("/tmp/layout"), Optional.empty()));
    }

    @Test
    void registryPrefixAndBareFormAgree() {
      assertThat(ImageRef.parse("registry:127.0.0.1:5000/app:1.0")).isEqualTo(ImageRef.parse("127.0.0.1:5000/app:1.0"));
      assertThat(ImageRef.parse("docker://quay.io/x/y:z")).isEqualTo(ImageRef.parse("quay.io/x/y:z"));
    }

    @Test
    void refusesEmptyPaths() {
      assertThatThrownBy(() -> ImageRef.parse("docker-archive:")).isInstanceOf(UsageException.class);
      assertThatThrownBy(() -> ImageRef.parse("docker:")).isInstanceOf(UsageException.class);
      assertThatThrownBy(() -> ImageRef.parse(" ")).isInstanceOf(UsageException.class);
    }
  }

  @Nested
  class RegistryReferences {
    @Test
    void normalizesDockerHubNames() {
      RegistryReference ref = RegistryReference.parse("alpine");
      assertThat(ref.registry()).isEqualTo("docker.io");
      assertThat(ref.repository()).isEqualTo("library/alpine");
      assertThat(ref.tag()).contains("latest");
      assertThat(ref.apiHost()).isEqualTo("registry-1.docker.io");
      assertThat(RegistryReference.parse("index.docker.io/user/app:2").repository()).isEqualTo("user/app");
    }

    @Test
    void keepsHostsWithPortsAndDigests() {
      String digest = "sha256:" + "a".repeat(64);
      RegistryReference ref = RegistryReference.parse("localhost:5000/team/app@" + digest);
      assertThat(ref.registry()).isEqualTo("localhost:5000");
      assertThat(ref.repository()).isEqualTo("team/app");
      assertThat(ref.tag()).isEmpty();
      assertThat(ref.manifestReference()).isEqualTo(digest);
      assertThat(RegistryReference.parse("[::1]:5000/app:1").registry()).isEqualTo("[::1]:5000");
    }

    @Test
    void refusesMalformedNames() {
      assertThatThrownBy(() -> RegistryReference.parse("host.io/UPPER/case")).isInstanceOf(UsageException.class);
      assertThatThrownBy(() -> RegistryReference.parse("host.io/app:bad/tag")).isInstanceOf(UsageException.class);
      assertThatThrownBy(() -> RegistryReference.parse("host.io/app@sha256:short")).isInstanceOf(UsageException.class);
      assertThatThrownBy(() -> RegistryReference.parse("host.io/../etc")).isInstanceOf(UsageException.class);
    }
  }

  @Nested
  class Digests {
    @Test
    void acceptsOnlyRegisteredAlgorithmsWithExactLengths() {
      assertThat(Digest.parse("sha256:" + "0".repeat(64)).algorithm()).isEqualTo("sha256");
      assertThat(Digest.isDigest("sha512:" + "f".repeat(128))).isTrue();
      assertThat(Digest.isDigest("sha256:" + "0".repeat(63))).isFalse();
      assertThat(Digest.isDigest("sha256:" + "A".repeat(64))).isFalse();
      assertThat(Digest.isDigest("md5:" + "0".repeat(32))).isFalse();
      assertThat(Digest.isDigest("sha256:../../etc/passwd")).isFalse();
    }

    @Test
    void hashesContent() {
      assertThat(Digest.sha256(new byte[0]).hex())
          .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
  }

  @Nested
  class Platforms {
    @Test
    void matchesWithOrWithoutVariant() {
      assertThat(Platform.parse("linux/arm64").accepts(Platform.parse("linux/arm64/v8"))).isTrue();
      assertThat(Platform.parse("linux/arm/v7").accepts(Platform.parse("linux/arm/v6"))).isFalse();
      assertThat(Platform.LINUX_AMD64.accepts(Platform.parse("linux/arm64"))).isFalse();
      assertThatThrownBy(() -> Platform.parse("linux")).isInstanceOf(UsageException.class);
    }
  }
}
