package dev.bulwark.image.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.UsageException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerHostTest {
  @Test
  void defaultsToTheSystemSocket() {
    assertThat(DockerHost.fromEnvironment(Map.of())).isEqualTo(new DockerHost.Unix(Path.of("/var/run/docker.sock")));
    assertThat(DockerHost.fromEnvironment(Map.of("DOCKER_HOST", ""))).isEqualTo(new DockerHost.Unix(DockerHost.DEFAULT_SOCKET));
  }

  @Test
  void honoursAUnixSocketPath() {
    assertThat(DockerHost.fromEnvironment(Map.of("DOCKER_HOST", "unix:///run/user/1000/docker.sock")).display())
        .isEqualTo("unix:///run/user/1000/docker.sock");
    assertThatThrownBy(() -> DockerHost.fromEnvironment(Map.of("DOCKER_HOST", "unix://relative.sock")))
        .isInstanceOf(UsageException.class);
  }

  @Test
  void plainTcpIsSpokenButTlsIsRefused() {
    assertThat(DockerHost.fromEnvironment(Map.of("DOCKER_HOST", "tcp://10.0.0.5:2375")))
        .isEqualTo(new DockerHost.Tcp("10.0.0.5", 2375));
    assertThat(DockerHost.fromEnvironment(Map.of("DOCKER_HOST", "tcp://[::1]:2375")))
        .isEqualTo(new DockerHost.Tcp("::1", 2375));
    assertThatThrownBy(() -> DockerHost.fromEnvironment(Map.of("DOCKER_HOST", "tcp://h:2376", "DOCKER_TLS_VERIFY", "1")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("TLS")
        .hasMessageContaining("docker-archive:");
  }

  @Test
  void otherSchemesAreRefused() {
    assertThatThrownBy(() -> DockerHost.fromEnvironment(Map.of("DOCKER_HOST", "ssh://me@host")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("only unix:// and tcp://");
  }

  @Test
  void negotiatesTheApiVersionDownToOurs() {
    assertThat(DockerEngineClient.negotiate("1.41")).isEqualTo("1.41");
    assertThat(DockerEngineClient.negotiate("1.52")).isEqualTo("1.47");
    assertThat(DockerEngineClient.negotiate("2.0")).isEqualTo("1.47");
    assertThat(DockerEngineClient.negotiate("")).isEqualTo("1.41");
  }

  @Test
  void imageNamesAreCheckedBeforeTheyReachAPath() {
    assertThat(DockerEngineClient.checkName("registry:5000/team/app:1.0")).isNotEmpty();
    assertThat(DockerEngineClient.checkName("sha256:" + "a".repeat(64))).isNotEmpty();
    assertThatThrownBy(() -> DockerEngineClient.checkName("app?x=1")).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> DockerEngineClient.checkName("../../containers/json")).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> DockerEngineClient.checkName("a b")).isInstanceOf(UsageException.class);
  }
}
