package dev.bulwark.vuln.suppress;

import dev.bulwark.image.Digest;
import dev.bulwark.inventory.ImageSummary;
import dev.bulwark.inventory.Inventory;
import dev.bulwark.inventory.Package;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.inventory.distro.Distro;
import dev.bulwark.vuln.cvss.CvssVersion;
import dev.bulwark.vuln.cvss.Rating;
import dev.bulwark.vuln.match.Finding;
import dev.bulwark.vuln.match.FindingSeverity;
import dev.bulwark.vuln.scan.DatabaseSummary;
import dev.bulwark.vuln.scan.ScanReport;
import dev.bulwark.vuln.scan.Suppressed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Packages, findings and reports shaped like the demo image's (real advisory ids, scores and
 * fixed versions from the GHSA and Debian records), for suppression and renderer tests.
 */
public final class ScanFixtures {
  private ScanFixtures() {}

  public static final Digest MANIFEST = Digest.sha256("manifest".getBytes(StandardCharsets.UTF_8));
  public static final Digest CONFIG = Digest.sha256("config".getBytes(StandardCharsets.UTF_8));
  public static final Optional<Digest> LAYER = Optional.of(Digest.sha256(new byte[] {1}));

  public static ImageSummary image() {
    return new ImageSummary("registry.example.com/shop/web:1.4", Optional.of(MANIFEST), Optional.of(CONFIG), "linux",
        "amd64", List.of(new ImageSummary.LayerSummary(0, LAYER, Optional.empty(), Optional.of("debootstrap bookworm")),
            new ImageSummary.LayerSummary(1, Optional.of(Digest.sha256(new byte[] {2})), Optional.empty(),
                Optional.of("COPY app /app"))),
        List.of("registry.example.com/shop/web:1.4"), List.of("registry.example.com/shop/web@" + MANIFEST));
  }

  public static Package minimist() {
    return pkg(PackageRecord.builder(PackageType.NPM, "minimist", "1.2.5").build(), "pkg:npm/minimist@1.2.5", 1,
        "/app/web/node_modules/minimist/package.json");
  }

  public static Package lodash() {
    return pkg(PackageRecord.builder(PackageType.NPM, "lodash", "4.17.15").build(), "pkg:npm/lodash@4.17.15", 1,
        "/app/web/node_modules/lodash/package.json");
  }

  public static Package zlib() {
    return pkg(PackageRecord.builder(PackageType.DEB, "zlib1g", "1:1.2.13.dfsg-1").arch("amd64")
            .source("zlib", "1:1.2.13.dfsg-1").build(),
        "pkg:deb/debian/zlib1g@1.2.13.dfsg-1?arch=amd64&distro=debian-12&epoch=1", 0, "/var/lib/dpkg/status");
  }

  public static Package snakeyaml() {
    return pkg(PackageRecord.builder(PackageType.MAVEN, "org.yaml:snakeyaml", "1.33").build(),
        "pkg:maven/org.yaml/snakeyaml@1.33", 1, "/app/lib/app.jar!/BOOT-INF/lib/snakeyaml-1.33.jar");
  }

  public static Package springBoot() {
    return pkg(PackageRecord.builder(PackageType.MAVEN, "org.springframework.boot:spring-boot", "2.7.0").build(),
        "pkg:maven/org.springframework.boot/spring-boot@2.7.0", 1, "/app/lib/app.jar!/BOOT-INF/lib/spring-boot-2.7.0.jar");
  }

  public static Package pkg(PackageRecord record, String purl, int layer, String location) {
    return new Package(record, purl, layer, layer == 0 ? LAYER : Optional.of(Digest.sha256(new byte[] {2})),
        List.of(location), Optional.empty(), "test");
  }

  public static FindingSeverity cvss(double score, String vector) {
    CvssVersion version = vector.startsWith("CVSS:4.0") ? CvssVersion.V4_0 : CvssVersion.V3_1;
    return new FindingSeverity(Optional.of(Rating.of(score, version)), Optional.of(score), Optional.of(vector),
        "CVSS:" + version.label());
  }

  public static Finding minimistFinding() {
    return new Finding(minimist(), "GHSA-xvch-5gv4-984h", List.of("CVE-2021-44906"),
        cvss(9.8, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), List.of("1.2.6"), false,
        "Prototype Pollution in minimist", List.of("https://nvd.nist.gov/vuln/detail/CVE-2021-44906"), "npm");
  }

  public static Finding lodashFinding() {
    return new Finding(lodash(), "GHSA-35jh-r3h4-6jhm", List.of("CVE-2021-23337"),
        cvss(7.2, "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H"), List.of("4.17.21"), false,
        "Command Injection in lodash", List.of("https://github.com/lodash/lodash/commit/3469357cff396a26c363f8c1b5a91dde28ba4b1c"),
        "npm");
  }

  public static Finding zlibFinding() {
    return new Finding(zlib(), "CVE-2023-45853", List.of(),
        new FindingSeverity(Optional.of(Rating.LOW), Optional.empty(), Optional.empty(), "Debian urgency"), List.of(), true,
        "MiniZip in zlib through 1.3 has an integer overflow", List.of(), "Debian:12");
  }

  public static Finding snakeyamlFinding() {
    return new Finding(snakeyaml(), "GHSA-mjmj-j48q-9wg2", List.of("CVE-2022-1471"),
        cvss(8.3, "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:L"), List.of("2.0"), false,
        "SnakeYaml Constructor Deserialization Remote Code Execution",
        List.of("https://github.com/google/security-research/security/advisories/GHSA-mjmj-j48q-9wg2"), "Maven");
  }

  public static Inventory inventory(List<Package> packages) {
    return new Inventory(image(), Optional.of(new Distro("debian", "12", "Debian GNU/Linux",
        "Debian GNU/Linux 12 (bookworm)", Optional.of("bookworm"), Optional.empty())), packages, List.of());
  }

  public static DatabaseSummary database(Optional<String> stale) {
    return new DatabaseSummary("/var/cache/bulwark/db/advisories.db", Instant.parse("2026-01-01T00:00:00Z"), 16,
        List.of("import:vuln-ghsa-samples"), stale);
  }

  /** Three standing findings (one without a score or a fix), one suppressed by VEX, one by the ignore file. */
  public static ScanReport report() {
    Finding minimist = minimistFinding();
    Finding snakeyaml = snakeyamlFinding();
    return new ScanReport(inventory(List.of(zlib(), lodash(), minimist(), snakeyaml(), springBoot())),
        List.of(lodashFinding(), zlibFinding()),
        List.of(new Suppressed(minimist, "vex", "not_affected",
                "vulnerable_code_not_in_execute_path: minimist only parses our own argv", "vex/demo.openvex.json"),
            new Suppressed(snakeyaml, "ignore-file", "ignored", "only loads trusted configuration (until 2099-12-31)",
                ".bulwark-ignore.yaml")),
        database(Optional.of("the advisory database is 40 days old (limit 7 days); run 'bulwark db update'")), false,
        List.of("layer 1: entry refused: ../etc/passwd: name contains '..'",
            "the advisory database is 40 days old (limit 7 days); run 'bulwark db update'"));
  }
}
