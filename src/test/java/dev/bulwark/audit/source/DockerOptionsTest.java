package dev.bulwark.audit.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.audit.model.ContainerSettings.Device;
import dev.bulwark.audit.model.ContainerSettings.Mount;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerOptionsTest {
  @Test
  void securityOptionsInEveryForm() {
    assertThat(DockerOptions.securityOption("seccomp=unconfined"))
        .isEqualTo(new DockerOptions.SecurityOption("seccomp", "unconfined"));
    assertThat(DockerOptions.securityOption("apparmor:unconfined"))
        .isEqualTo(new DockerOptions.SecurityOption("apparmor", "unconfined"));
    assertThat(DockerOptions.securityOption("label=type:svirt_apache_t"))
        .isEqualTo(new DockerOptions.SecurityOption("label", "type:svirt_apache_t"));
    assertThat(DockerOptions.securityOption("no-new-privileges"))
        .isEqualTo(new DockerOptions.SecurityOption("no-new-privileges", "true"));
    assertThat(DockerOptions.flag(DockerOptions.securityOption("no-new-privileges:false").value())).isFalse();
    assertThat(DockerOptions.flag(DockerOptions.securityOption("no-new-privileges=true").value())).isTrue();
  }

  @Test
  void byteSizesAsDockerReadsThem() {
    assertThat(DockerOptions.bytes("512m")).isEqualTo(512L << 20);
    assertThat(DockerOptions.bytes("1G")).isEqualTo(1L << 30);
    assertThat(DockerOptions.bytes("1gb")).isEqualTo(1L << 30);
    assertThat(DockerOptions.bytes("64MiB")).isEqualTo(64L << 20);
    assertThat(DockerOptions.bytes("1.5k")).isEqualTo(1536L);
    assertThat(DockerOptions.bytes("1073741824")).isEqualTo(1L << 30);
    assertThatThrownBy(() -> DockerOptions.bytes("lots")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DockerOptions.bytes("5x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void volumesInShortForm() {
    assertThat(DockerOptions.volume("/var/run/docker.sock:/var/run/docker.sock"))
        .isEqualTo(new Mount("bind", "/var/run/docker.sock", "/var/run/docker.sock", false, Optional.empty()));
    assertThat(DockerOptions.volume("data:/data:ro,z")).isEqualTo(new Mount("volume", "data", "/data", true,
        Optional.empty()));
    assertThat(DockerOptions.volume("./src:/src:rshared")).isEqualTo(new Mount("bind", "./src", "/src", false,
        Optional.of("rshared")));
    assertThat(DockerOptions.volume("/cache")).isEqualTo(new Mount("volume", "", "/cache", false, Optional.empty()));
    assertThat(DockerOptions.volume("C:\\data:/data")).isEqualTo(new Mount("bind", "C:\\data", "/data", false,
        Optional.empty()));
    assertThatThrownBy(() -> DockerOptions.volume("a:b:c:d")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void devices() {
    assertThat(DockerOptions.device("/dev/kmsg")).isEqualTo(new Device("/dev/kmsg", "/dev/kmsg", "rwm"));
    assertThat(DockerOptions.device("/dev/sda:/dev/xvda:r")).isEqualTo(new Device("/dev/sda", "/dev/xvda", "r"));
    assertThat(DockerOptions.device("/dev/fuse:rw")).isEqualTo(new Device("/dev/fuse", "/dev/fuse", "rw"));
  }

  @Test
  void namespaceModes() {
    assertThat(DockerOptions.namespace("host")).isEqualTo("host");
    assertThat(DockerOptions.namespace("container:db")).isEqualTo("container:db");
    assertThat(DockerOptions.namespace("service:db")).isEqualTo("container:db");
    assertThat(DockerOptions.namespace("")).isEqualTo("private");
    assertThat(DockerOptions.namespace("shareable")).isEqualTo("private");
    assertThat(DockerOptions.namespace("bridge")).isEqualTo("private");
  }

  @Test
  void userIds() {
    assertThat(DockerOptions.userIds("1000:2000")).isEqualTo(new DockerOptions.UserIds(Optional.of(1000L),
        Optional.of(2000L)));
    assertThat(DockerOptions.userIds("app:0")).isEqualTo(new DockerOptions.UserIds(Optional.empty(), Optional.of(0L)));
    assertThat(DockerOptions.userIds("root")).isEqualTo(new DockerOptions.UserIds(Optional.empty(), Optional.empty()));
  }
}
