package dev.bulwark.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.InputException;
import dev.bulwark.image.Digest;
import dev.bulwark.image.DigestMismatchException;
import dev.bulwark.image.Image;
import dev.bulwark.image.ImageSource;
import dev.bulwark.image.Layer;
import dev.bulwark.image.Platform;
import dev.bulwark.image.RegistryReference;
import dev.bulwark.image.SourceOptions;
import dev.bulwark.image.archive.DirectoryArchiveFiles;
import dev.bulwark.image.archive.OciLayoutSource;
import dev.bulwark.io.Limits;
import dev.bulwark.testing.LayerListing;
import dev.bulwark.testing.RegistryHarness;
import dev.bulwark.testing.TestImages;
import dev.bulwark.testing.Tools;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Reads images pushed by skopeo to a real registry (TLS, basic auth) and compares them with the layout they came from. */
@Tag("system")
class RegistrySourceSystemTest {
  private static Path work;
  private static Path layout;
  private static RegistryHarness registry;
  private static Path dockerConfig;

  @BeforeAll
  static void setUp(@TempDir Path dir) throws IOException {
    Tools.assumeTools("umoci", "skopeo", "docker-registry", "openssl", "perl");
    work = dir;
    layout = TestImages.build(dir);
    TestImages.addImage(dir, layout, "corrupt", "this image's layer gets corrupted on the registry's disk\n");
    TestImages.addMultiArch(dir, layout);
    registry = RegistryHarness.startTls(dir.resolve("registry"));
    System.out.println("registry harness (TLS) started in " + registry.startupTime().toMillis() + " ms");
    registry.push("oci:" + layout + ":" + TestImages.BASE, "bulwark/test:1", false);
    registry.push("oci:" + layout + ":corrupt", "bulwark/corrupt:1", false);
    registry.push("oci:" + layout + ":" + TestImages.MULTI, "bulwark/multi:1", true);
    dockerConfig = writeConfig(dir.resolve("docker-ok"), registry.host(), RegistryHarness.USER, registry.password());
  }

  @AfterAll
  static void tearDown() {
    if (registry != null) {
      registry.close();
    }
  }

  static Path writeConfig(Path dir, String host, String user, String password) throws IOException {
    Files.createDirectories(dir);
    String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    Path config = dir.resolve("config.json");
    Files.writeString(config, "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}");
    return config;
  }

  static SourceOptions options(Path config, Platform platform, Map<String, String> environment) {
    return new SourceOptions(platform, Set.of(), List.of(registry.caCertificate()), Optional.of(config), environment,
        Limits.DEFAULT);
  }

  static SourceOptions options() {
    return options(dockerConfig, Platform.LINUX_AMD64, Map.of());
  }

  static RegistryReference ref(String repositoryAndTag) {
    return RegistryReference.parse(registry.host() + "/" + repositoryAndTag);
  }

  static OciLayoutSource layoutSource(String tag, Platform platform) {
    return new OciLayoutSource(new DirectoryArchiveFiles(layout), Optional.of(tag), "oci:" + layout + ":" + tag,
        SourceOptions.defaults(Map.of()).withPlatform(platform));
  }

  static Map<Layer, List<String>> readAll(ImageSource source) {
    return source.readLayers(source.image().layers(), new LayerListing());
  }

  /** Each layer's listing, in image order. */
  static List<List<String>> listings(ImageSource source) {
    Map<Layer, List<String>> read = readAll(source);
    return source.image().layers().stream().map(read::get).toList();
  }

  @Nested
  class Reading {
    @Test
    void readsTheSameImageAsTheLayoutItWasPushedFrom() {
      try (RegistrySource remote = new RegistrySource(ref("bulwark/test:1"), options());
          OciLayoutSource local = layoutSource(TestImages.BASE, Platform.LINUX_AMD64)) {
        Image fromRegistry = remote.image();
        Image fromLayout = local.image();
        assertThat(fromRegistry.configDigest()).isEqualTo(fromLayout.configDigest());
        assertThat(fromRegistry.manifestDigest()).isEqualTo(fromLayout.manifestDigest());
        assertThat(fromRegistry.rawConfig()).isEqualTo(fromLayout.rawConfig());
        assertThat(fromRegistry.layers()).isEqualTo(fromLayout.layers());
        assertThat(fromRegistry.config().env()).contains("BULWARK_TEST=1");
        List<List<String>> remoteListings = listings(remote);
        assertThat(remoteListings).isEqualTo(listings(local));
        assertThat(remoteListings.get(0)).anyMatch(line -> line.startsWith("./etc/os-release "));
        assertThat(remoteListings.get(1)).anyMatch(line -> line.startsWith("./var/lib/dpkg/status "));
      }
    }

    @Test
    void theSourceFactoryOpensABareReferenceAsARegistrySource() {
      try (ImageSource source = dev.bulwark.image.ImageSources.open(
          dev.bulwark.image.ImageRef.parse(registry.host() + "/bulwark/test:1"), options())) {
        assertThat(source).isInstanceOf(RegistrySource.class);
        assertThat(source.image().layers()).hasSize(2);
      }
    }

    @Test
    void namesTheImageByRepositoryDigestAndTag() {
      try (RegistrySource remote = new RegistrySource(ref("bulwark/test:1"), options())) {
        Image image = remote.image();
        assertThat(image.repoTags()).containsExactly(registry.host() + "/bulwark/test:1");
        assertThat(image.repoDigests()).containsExactly(
            registry.host() + "/bulwark/test@" + image.manifestDigest().orElseThrow());
      }
    }

    @Test
    void aDigestReferenceReadsThePinnedManifest() {
      Digest digest;
      try (RegistrySource byTag = new RegistrySource(ref("bulwark/test:1"), options())) {
        digest = byTag.image().manifestDigest().orElseThrow();
      }
      try (RegistrySource byDigest = new RegistrySource(ref("bulwark/test@" + digest), options())) {
        assertThat(byDigest.image().manifestDigest()).contains(digest);
        assertThat(byDigest.image().repoTags()).isEmpty();
      }
    }

    @Test
    void readsOnlyTheRequestedLayers() {
      try (RegistrySource remote = new RegistrySource(ref("bulwark/test:1"), options())) {
        Layer second = remote.image().layers().get(1);
        assertThat(remote.readLayers(List.of(second), new LayerListing())).containsOnlyKeys(second);
      }
    }

    @Test
    void takesCredentialsFromACredentialHelper(@TempDir Path dir) throws IOException {
      Path bin = Files.createDirectories(dir.resolve("bin"));
      Path helper = bin.resolve("docker-credential-bulwarktest");
      Files.writeString(helper, "#!/bin/sh\nread server\n"
          + "printf '{\"ServerURL\":\"%s\",\"Username\":\"" + RegistryHarness.USER + "\",\"Secret\":\""
          + registry.password() + "\"}' \"$server\"\n");
      Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path config = dir.resolve("config.json");
      Files.writeString(config, "{\"credHelpers\":{\"" + registry.host() + "\":\"bulwarktest\"}}");
      try (RegistrySource remote = new RegistrySource(ref("bulwark/test:1"),
          options(config, Platform.LINUX_AMD64, Map.of("PATH", bin + ":/usr/bin:/bin")))) {
        assertThat(remote.image().layers()).hasSize(2);
      }
    }
  }

  @Nested
  class Failures {
    @Test
    void aWrongPasswordIsAnAuthenticationFailure(@TempDir Path dir) throws IOException {
      Path config = writeConfig(dir, registry.host(), RegistryHarness.USER, "wrong");
      try (RegistrySource remote = new RegistrySource(ref("bulwark/test:1"),
          options(config, Platform.LINUX_AMD64, Map.of()))) {
        assertThatThrownBy(remote::image)
            .isInstanceOf(InputException.class)
            .hasMessageContaining("registry " + registry.host() + ", repository bulwark/test")
            .hasMessageContaining("authentication failed")
            .hasMessageContaining("user 'bulwark'")
            .hasMessageNotContaining("wrong");
      }
    }

    @Test
    void noCredentialsSaysWhereTheyWereLookedFor(@TempDir Path dir) throws IOException {
      Path config = dir.resolve("config.json");
      Files.writeString(config, "{\"auths\":{}}");
      try (RegistrySource remote = new RegistrySource(ref("bulwark/test:1"),
          options(config, Platform.LINUX_AMD64, Map.of()))) {
        assertThatThrownBy(remote::image)
            .isInstanceOf(InputException.class)
            .hasMessageContaining("requires a user name and password")
            .hasMessageContaining(config.toString());
      }
    }

    @Test
    void anUnknownTagIsAnUnknownManifest() {
      try (RegistrySource remote = new RegistrySource(ref("bulwark/test:nope"), options())) {
        assertThatThrownBy(remote::image)
            .isInstanceOf(InputException.class)
            .hasMessageContaining("registry " + registry.host() + ", repository bulwark/test")
            .hasMessageContaining("manifest unknown")
            .hasMessageContaining("'nope'");
      }
    }

    @Test
    void anUntrustedCertificateIsATlsErrorWithAHint() {
      SourceOptions noCa = new SourceOptions(Platform.LINUX_AMD64, Set.of(), List.of(), Optional.of(dockerConfig),
          Map.of(), Limits.DEFAULT);
      try (RegistrySource remote = new RegistrySource(ref("bulwark/test:1"), noCa)) {
        assertThatThrownBy(remote::image)
            .isInstanceOf(InputException.class)
            .hasMessageContaining("TLS: ")
            .hasMessageContaining("use --registry-ca or --insecure-registry");
      }
    }

    @Test
    void aBlobCorruptedOnTheRegistrysDiskIsADigestMismatchNamingIt() throws IOException {
      try (RegistrySource remote = new RegistrySource(ref("bulwark/corrupt:1"), options())) {
        Layer layer = remote.image().layers().getFirst();
        Digest blob = layer.blob().orElseThrow().digest();
        Path data = registry.blobData(blob);
        try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
          file.seek(4); // the gzip header's MTIME: decompression ignores it, only the digest notices
          file.write(new byte[] {0x12, 0x34, 0x56, 0x78});
        }
        assertThatThrownBy(() -> remote.readLayers(List.of(layer), new LayerListing()))
            .isInstanceOf(DigestMismatchException.class)
            .hasMessageContaining("blob " + blob)
            .hasMessageContaining("digest mismatch");
      }
    }
  }

  @Nested
  class TrustFromCertsD {
    @Test
    void aCaInDockersCertsDirectoryIsTrusted(@TempDir Path certsD) throws IOException {
      Files.copy(registry.caCertificate(), Files.createDirectories(certsD.resolve(registry.host())).resolve("ca.crt"));
      SourceOptions noCa = new SourceOptions(Platform.LINUX_AMD64, Set.of(), List.of(), Optional.of(dockerConfig),
          Map.of(), Limits.DEFAULT);
      RegistryReference reference = ref("bulwark/test:1");
      RegistryClient client = RegistryClient.create(reference, noCa, certsD, RetryPolicy.DEFAULT, Thread::sleep);
      try (RegistrySource remote = new RegistrySource(reference, noCa, client)) {
        assertThat(remote.image().layers()).hasSize(2);
      }
    }
  }

  @Nested
  class Platforms {
    @Test
    void picksTheRequestedPlatformFromAnIndex() {
      for (String arch : List.of(TestImages.AMD64, TestImages.ARM64)) {
        Platform platform = Platform.parse("linux/" + arch);
        try (RegistrySource remote = new RegistrySource(ref("bulwark/multi:1"),
            options(dockerConfig, platform, Map.of()));
            OciLayoutSource local = layoutSource(arch, platform)) {
          Image image = remote.image();
          assertThat(image.config().architecture()).isEqualTo(arch);
          assertThat(image.configDigest()).isEqualTo(local.image().configDigest());
          assertThat(image.manifestDigest()).isEqualTo(local.image().manifestDigest());
          assertThat(listings(remote)).isEqualTo(listings(local));
          assertThat(image.repoDigests().getFirst()).doesNotEndWith(image.manifestDigest().orElseThrow().toString());
        }
      }
    }

    @Test
    void anAbsentPlatformIsAClearError() {
      try (RegistrySource remote = new RegistrySource(ref("bulwark/multi:1"),
          options(dockerConfig, Platform.parse("linux/s390x"), Map.of()))) {
        assertThatThrownBy(remote::image)
            .isInstanceOf(InputException.class)
            .hasMessageContaining("no image for platform linux/s390x")
            .hasMessageContaining("linux/amd64")
            .hasMessageContaining("linux/arm64");
      }
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class InsecureRegistry {
    private RegistryHarness plain;

    @BeforeAll
    void start() throws IOException {
      plain = RegistryHarness.startPlain(work.resolve("plain-registry"));
      System.out.println("registry harness (plain HTTP) started in " + plain.startupTime().toMillis() + " ms");
      plain.push("oci:" + layout + ":" + TestImages.BASE, "bulwark/test:1", false);
    }

    @AfterAll
    void stop() {
      if (plain != null) {
        plain.close();
      }
    }

    @Test
    void plainHttpWorksWhenTheRegistryIsNamedInsecure() {
      SourceOptions insecure = new SourceOptions(Platform.LINUX_AMD64, Set.of(plain.host()), List.of(),
          Optional.empty(), Map.of(), Limits.DEFAULT);
      try (RegistrySource remote = new RegistrySource(RegistryReference.parse(plain.host() + "/bulwark/test:1"),
          insecure)) {
        assertThat(listings(remote)).hasSize(2);
      }
    }

    @Test
    void plainHttpIsNotUsedUnlessNamed() {
      SourceOptions secure = new SourceOptions(Platform.LINUX_AMD64, Set.of("127.0.0.1:1"), List.of(),
          Optional.empty(), Map.of(), Limits.DEFAULT);
      try (RegistrySource remote = new RegistrySource(RegistryReference.parse(plain.host() + "/bulwark/test:1"),
          secure)) {
        assertThatThrownBy(remote::image)
            .isInstanceOf(InputException.class)
            .hasMessageContaining("TLS: ")
            .hasMessageContaining("--insecure-registry");
      }
    }
  }

}
