package dev.bulwark.audit.source.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.audit.model.ImageSettings;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.rule.Outcome;
import dev.bulwark.audit.rule.RuleEngine;
import dev.bulwark.audit.rule.RuleLanguage;
import dev.bulwark.audit.rule.RuleLoader;
import dev.bulwark.audit.rule.RuleResult;
import dev.bulwark.audit.source.AuditContext;
import dev.bulwark.audit.source.Fixtures;
import dev.bulwark.audit.source.SubjectSources;
import dev.bulwark.cache.LayerCache;
import dev.bulwark.image.SourceOptions;
import dev.bulwark.testing.SystemFixtures;
import dev.bulwark.testing.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSubjectSourceTest {
  private final ImageSubjectSource source = new ImageSubjectSource();

  @Nested
  class Targets {
    @Test
    void explicitAndBareImageTransports() {
      assertThat(ImageSubjectSource.reference("image:nginx:1.25")).contains("nginx:1.25");
      assertThat(ImageSubjectSource.reference("image:docker:web")).contains("docker:web");
      assertThat(ImageSubjectSource.reference("docker-archive:x.tar")).contains("docker-archive:x.tar");
      assertThat(ImageSubjectSource.reference("oci:layout:tag")).contains("oci:layout:tag");
      assertThat(ImageSubjectSource.reference("oci-archive:x.tar")).contains("oci-archive:x.tar");
      assertThat(ImageSubjectSource.reference("registry:ghcr.io/a/b:1")).contains("registry:ghcr.io/a/b:1");
    }

    @Test
    void theLiveEngineAndFilesAreNotImages() {
      assertThat(ImageSubjectSource.reference("docker:")).isEmpty();
      assertThat(ImageSubjectSource.reference("docker:web")).isEmpty();
      assertThat(ImageSubjectSource.reference("oci-runtime:config.json")).isEmpty();
      assertThat(ImageSubjectSource.reference("Dockerfile")).isEmpty();
      assertThat(ImageSubjectSource.reference("image:")).isEmpty();
    }
  }

  @Nested
  class DemoImage {
    @Test
    void configurationHistoryAndPackages() {
      List<Subject> subjects = SubjectSources.load("oci-archive:examples/demo-image.tar", Fixtures.context());
      Subject.Image image = (Subject.Image) subjects.getFirst();
      ImageSettings s = image.settings();
      assertThat(image.ref().kind()).isEqualTo("image");
      assertThat(s.name()).isEqualTo("oci-archive:examples/demo-image.tar");
      assertThat(s.digest()).hasValueSatisfying(d -> assertThat(d).startsWith("sha256:"));
      assertThat(s.user()).contains("65532");
      assertThat(s.history()).extracting(ImageSettings.History::createdBy)
          .anySatisfy(c -> assertThat(c).startsWith("debian packages:"));
      assertThat(s.packages()).contains("base-files", "zlib1g", "com.fasterxml.jackson.core:jackson-databind", "lodash")
          .isSorted().doesNotHaveDuplicates();
      assertThat(s.setuidFiles()).isEmpty();
      assertThat(image.provenance().of("user")).isEqualTo(Location.field(s.name(), "config.User"));
      assertThat(image.provenance().of("packages[" + s.packages().indexOf("zlib1g") + "]").field())
          .isEqualTo("/var/lib/dpkg/status.d/zlib1g");
    }
  }

  @Nested
  class DockerCommit {
    /**
     * {@code docker commit -m "hotfix applied by hand"} of a container of an imported root filesystem
     * (Docker 20.10).
     */
    @Test
    void historyShowsTheCommitAndTheImport() {
      Subject.Image image = (Subject.Image) source.load(
          "docker-archive:" + Fixtures.path("image/docker-commit/committed.tar"), Fixtures.context()).getFirst();
      ImageSettings s = image.settings();
      assertThat(s.history()).containsExactly(
          new ImageSettings.History("", "imported rootfs", false),
          new ImageSettings.History("/usr/bin/tool", "hotfix applied by hand", true));
      assertThat(s.user()).contains("root");
      assertThat(s.exposedPorts()).containsExactly("22/tcp");
      assertThat(s.healthcheck()).contains(List.of("CMD", "/usr/bin/tool"));
      assertThat(s.env()).containsExactly(new dev.bulwark.audit.model.ContainerSettings.EnvVar("API_KEY",
          Optional.of("abc123"), false));
      assertThat(s.packages()).isEmpty();
    }
  }

  /** The debootstrap bookworm image of the system tests, as a docker-archive. */
  @Nested
  @Tag("system")
  class Bookworm {
    @Test
    void setuidAndSetgidFilesAreThoseFindListsAndTheRuleCitesThem() throws IOException {
      Path fixture = SystemFixtures.bookworm();
      List<String> expected = Tools.run(Duration.ofMinutes(1), fixture, "find", "rootfs", "-type", "f", "-perm",
          "/6000").lines().map(l -> l.substring("rootfs".length())).sorted().toList();
      assertThat(expected).contains("/usr/bin/su", "/usr/bin/passwd");
      Subject.Image image = (Subject.Image) SubjectSources.load("docker-archive:" + fixture.resolve("bookworm.tar"),
          Fixtures.context()).getFirst();
      assertThat(image.settings().setuidFiles()).containsExactlyElementsOf(expected);
      assertThat(image.settings().packages()).contains("login", "passwd", "apt").doesNotContain("sudo");
      RuleResult setuid = new RuleEngine(new RuleLoader(new RuleLanguage()).builtin()).evaluate(image).stream()
          .filter(r -> r.rule().id().equals("image-setuid-files")).findFirst().orElseThrow();
      assertThat(setuid.outcome()).isEqualTo(Outcome.FAIL);
      assertThat(setuid.findings().getFirst().evidence()).singleElement().satisfies(e -> {
        assertThat(e.value()).contains("/usr/bin/passwd", "/usr/bin/su");
        assertThat(e.location().display()).endsWith("bookworm.tar (file modes of the stacked layers)");
      });
    }

    @Test
    void aCachedImageKeepsItsSetuidFiles(@TempDir Path cache) throws IOException {
      Path fixture = SystemFixtures.bookworm();
      AuditContext cached = new AuditContext(Map.of(), SourceOptions.defaults(Map.of()), Path.of("/"),
          Optional.of(new LayerCache(cache, 1L << 30)));
      String ref = "docker-archive:" + fixture.resolve("bookworm.tar");
      List<String> first = ((Subject.Image) SubjectSources.load(ref, cached).getFirst()).settings().setuidFiles();
      assertThat(cache).isNotEmptyDirectory();
      List<String> again = ((Subject.Image) SubjectSources.load(ref, cached).getFirst()).settings().setuidFiles();
      assertThat(again).contains("/usr/bin/su", "/usr/bin/passwd").isEqualTo(first);
    }
  }
}
