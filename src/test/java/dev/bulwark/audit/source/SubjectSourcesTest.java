package dev.bulwark.audit.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.LimitExceededException;
import dev.bulwark.UsageException;
import dev.bulwark.audit.model.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubjectSourcesTest {
  private static Optional<String> acceptedBy(String target) {
    return SubjectSources.all().stream().filter(s -> s.accepts(target, Fixtures.context())).map(SubjectSource::kind)
        .findFirst();
  }

  @Nested
  class Dispatch {
    @Test
    void filesGoToTheirSourceByNameOrContent() {
      assertThat(acceptedBy(Fixtures.path("dockerfile/heredocs/Dockerfile").toString())).contains("dockerfile");
      assertThat(acceptedBy(Fixtures.path("compose/awesome-portainer/docker-compose.yaml").toString()))
          .contains("compose");
      assertThat(acceptedBy(Fixtures.path("kubernetes/all-fields/manifests.yaml").toString())).contains("kubernetes");
      assertThat(acceptedBy(Fixtures.path("docker-inspect/containers.json").toString())).contains("docker-inspect");
      assertThat(acceptedBy(Fixtures.path("docker-inspect/images.json").toString())).contains("docker-inspect");
      assertThat(acceptedBy(Fixtures.path("oci/runc-spec/config.json").toString())).contains("oci-runtime");
      assertThat(acceptedBy(Fixtures.path("kube-linter").toString())).contains("directory");
      assertThat(acceptedBy("docker-archive:x.tar")).contains("image");
      assertThat(acceptedBy("image:nginx:1.25")).contains("image");
    }

    @Test
    void explicitPrefixesOverrideNames(@TempDir Path dir) throws IOException {
      Path odd = Files.writeString(dir.resolve("build.txt"), "FROM scratch\nUSER 0\n");
      assertThat(acceptedBy(odd.toString())).isEmpty();
      assertThat(acceptedBy("dockerfile:" + odd)).contains("dockerfile");
      List<Subject> subjects = SubjectSources.load("dockerfile:" + odd, Fixtures.context());
      assertThat(((Subject.Build) subjects.getFirst()).file().finalStage().user()).contains("0");
      assertThat(acceptedBy("compose:" + odd)).contains("compose");
      assertThat(acceptedBy("kubernetes:" + odd)).contains("kubernetes");
      assertThat(acceptedBy("docker-inspect:" + odd)).contains("docker-inspect");
      assertThat(acceptedBy("oci-runtime:" + odd)).contains("oci-runtime");
    }

    @Test
    void theLiveEngineTakesTheDockerPrefix() {
      assertThat(acceptedBy("docker:")).contains("docker-engine");
      assertThat(acceptedBy("docker:web")).contains("docker-engine");
      assertThat(acceptedBy("image:docker:web")).contains("image");
      assertThatThrownBy(() -> SubjectSources.load("no/such/file.yaml", Fixtures.context()))
          .isInstanceOf(UsageException.class);
    }
  }

  @Nested
  class Recognition {
    @Test
    void byName() {
      for (String name : List.of("Dockerfile", "Containerfile", "api.Dockerfile", "Dockerfile.prod", "dockerfile")) {
        assertThat(FileKind.byName(name.toLowerCase())).as(name).contains(FileKind.DOCKERFILE);
      }
      assertThat(FileKind.byName("dockerfile.dockerignore")).isEmpty();
      for (String name : List.of("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.override.yaml")) {
        assertThat(FileKind.byName(name)).as(name).contains(FileKind.COMPOSE);
      }
    }

    @Test
    void yamlByTopLevelKeys() {
      assertThat(FileKind.byYaml("---\napiVersion: v1\nkind: Pod\n")).contains(FileKind.KUBERNETES);
      assertThat(FileKind.byYaml("version: '3'\nservices:\n  web:\n    image: x\n")).contains(FileKind.COMPOSE);
      assertThat(FileKind.byYaml("services: {}\n")).contains(FileKind.COMPOSE);
      assertThat(FileKind.byYaml("image: ruby\nservices:\n  - postgres:15\n")).as("GitLab CI").isEmpty();
      assertThat(FileKind.byYaml("apiVersion: v2\nname: chart\n")).as("Helm Chart.yaml").isEmpty();
      assertThat(FileKind.byYaml("on: push\njobs:\n  build:\n    services:\n      db: {}\n")).isEmpty();
    }

    @Test
    void jsonByContent() {
      assertThat(FileKind.byJson("[\n {\n  \"Id\": \"abc\",\n  \"HostConfig\": {}")).contains(FileKind.DOCKER_INSPECT);
      assertThat(FileKind.byJson("{\"ociVersion\": \"1.0.2\", \"process\": {}}")).contains(FileKind.OCI_RUNTIME);
      assertThat(FileKind.byJson("{\"apiVersion\": \"v1\", \"kind\": \"Pod\"}")).contains(FileKind.KUBERNETES);
      assertThat(FileKind.byJson("{\"schemaVersion\": 2, \"manifests\": []}")).isEmpty();
      assertThat(FileKind.byJson("[1, 2, 3]")).isEmpty();
    }
  }

  @Nested
  class Directories {
    @Test
    void skipsVersionControlDependenciesAndUnknownFiles(@TempDir Path dir) throws IOException {
      Files.writeString(dir.resolve("Dockerfile"), "FROM a\n");
      Files.createDirectories(dir.resolve(".git"));
      Files.writeString(dir.resolve(".git/Dockerfile"), "not even a Dockerfile\n");
      Files.createDirectories(dir.resolve("node_modules/x"));
      Files.writeString(dir.resolve("node_modules/x/compose.yaml"), "::: broken");
      Files.createDirectories(dir.resolve("deploy"));
      Files.writeString(dir.resolve("deploy/pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
          + "spec:\n  containers: [{name: c, image: i}]\n");
      Files.writeString(dir.resolve("deploy/notes.yaml"), "just: notes\n");
      Files.writeString(dir.resolve("README.md"), "# readme\n");
      List<Subject> subjects = new DirectorySource().load(dir.toString(), Fixtures.context());
      assertThat(subjects).extracting(s -> s.ref().name())
          .containsExactly(dir.resolve("Dockerfile").toString(), "Pod/default/p", "Pod/default/p/c");
    }

    @Test
    void aMalformedFileNamesItself(@TempDir Path dir) throws IOException {
      Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    privileged: perhaps\n");
      assertThatThrownBy(() -> new DirectorySource().load(dir.toString(), Fixtures.context()))
          .hasMessage(dir.resolve("compose.yaml")
              + ":3: services.web.privileged: expected true or false, got \"perhaps\"");
    }

    @Test
    void oversizedFilesAreRefused(@TempDir Path dir) throws IOException {
      Files.write(dir.resolve("Dockerfile"), new byte[SourceFiles.MAX_FILE_BYTES + 1]);
      assertThatThrownBy(() -> new DirectorySource().load(dir.toString(), Fixtures.context()))
          .isInstanceOf(LimitExceededException.class);
    }
  }
}
