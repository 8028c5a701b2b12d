package dev.bulwark.enforce.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerRouteTest {
  @Nested
  class Classification {
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "POST, /containers/create, container.create, ",
        "POST, /v1.41/containers/create?name=web, container.create, ",
        "POST, /v1.24/containers/create, container.create, ",
        "POST, /v1.41/containers%2Fcreate, container.create, ",
        "POST, /v1.41//containers/create, container.create, ",
        "POST, //v1.41/containers/./create, container.create, ",
        "POST, /v1.41/containers/x/../create, container.create, ",
        "POST, /v1.41/containers/create/, container.create, ",
        "POST, /v1.41/%63ontainers/create, container.create, ",
        "POST, /containers/web/exec, exec.create, web",
        "POST, /v1.41/containers/abc123/exec, exec.create, abc123",
        "POST, /v1.41/containers/a%2Fb/exec, exec.create, a/b",
        "POST, /v1.41/containers/web/start, container.start, web",
        "POST, /v1.41/containers/web/update, container.update, web",
        "POST, /v1.41/images/create?fromImage=alpine&tag=3.19, image.pull, ",
        "POST, /images/create?fromImage=ghcr.io%2Fx%2Fy, image.pull, ",
        "POST, /v1.41/images/create?fromSrc=-&repo=t, other, ",
        "POST, /v1.41/images/ghcr.io/x/y/push?tag=1, image.push, ghcr.io/x/y",
        "POST, /v1.41/plugins/pull?remote=vieux/sshfs, plugin.install, ",
        "POST, /plugins/create?name=p, plugin.install, ",
        "POST, /v1.41/plugins/bulwark/disable, plugin.change, bulwark",
        "POST, /v1.41/plugins/vieux/sshfs:latest/enable, plugin.change, vieux/sshfs:latest",
        "POST, /v1.41/plugins/p/set, plugin.change, p",
        "POST, /v1.41/plugins/p/upgrade?remote=x, plugin.change, p",
        "DELETE, /v1.41/plugins/p?force=1, plugin.change, p",
        "POST, /v1.41/volumes/create, volume.create, ",
        "POST, /networks/create, network.create, ",
        "GET, /v1.41/containers/json, other, ",
        "GET, /_ping, other, ",
        "GET, /v1.41/containers/create, other, ",
        "post, /v1.41/containers/create, other, ",
        "POST, /v1.41/Containers/create, other, ",
        "POST, /v1.41/containers/create2, other, ",
        "DELETE, /v1.41/containers/web, other, ",
    })
    void classifiesByMethodAndDecodedPath(String method, String uri, String action, String target) {
      DockerRoute route = DockerRoute.classify(method, uri);
      assertThat(route.action()).isEqualTo(action);
      assertThat(route.target().orElse(null)).isEqualTo(target);
      assertThat(route.malformed()).isEmpty();
    }
  }

  @Test
  void keepsTheQueryAndTheVersion() {
    DockerRoute route = DockerRoute.classify("POST", "/v1.41/images/create?fromImage=a+b%2Fc&tag=1&tag=2");
    assertThat(route.apiVersion()).contains("1.41");
    assertThat(route.param("fromImage")).contains("a b/c");
    assertThat(route.param("tag")).contains("1");
    assertThat(route.query().get("tag")).containsExactly("1", "2");
  }

  @Test
  void aBadPercentEscapeIsMalformed() {
    assertThat(DockerRoute.classify("POST", "/v1.41/containers%g1create").malformed()).isPresent();
    assertThat(DockerRoute.classify("POST", "/v1.41/containers/create?x=%zz").malformed()).isPresent();
  }

  @Test
  void comparesApiVersions() {
    assertThat(DockerRoute.classify("POST", "/v1.23/containers/x/start").versionBefore(1, 24)).isTrue();
    assertThat(DockerRoute.classify("POST", "/v1.24/containers/x/start").versionBefore(1, 24)).isFalse();
    assertThat(DockerRoute.classify("POST", "/v1.100/containers/x/start").versionBefore(1, 24)).isFalse();
    assertThat(DockerRoute.classify("POST", "/v1/containers/x/start").versionBefore(1, 24)).isTrue();
    assertThat(DockerRoute.classify("POST", "/containers/x/start").versionBefore(1, 24)).isFalse();
  }

  @Test
  void namesRegistries() {
    assertThat(ImageNames.registry("alpine")).isEqualTo("docker.io");
    assertThat(ImageNames.registry("library/alpine")).isEqualTo("docker.io");
    assertThat(ImageNames.registry("ghcr.io/x/y")).isEqualTo("ghcr.io");
    assertThat(ImageNames.registry("localhost:5000/x")).isEqualTo("localhost:5000");
    assertThat(ImageNames.registry("localhost/x")).isEqualTo("localhost");
    assertThat(ImageNames.registry("index.docker.io/library/x")).isEqualTo("docker.io");
  }
}
