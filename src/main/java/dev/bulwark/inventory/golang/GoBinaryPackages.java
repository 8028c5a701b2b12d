package dev.bulwark.inventory.golang;

import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The packages a Go executable's build information names: the main module, every module linked in
 * (a replaced module as its replacement, which is the code in the binary), and the standard library
 * as the package {@code stdlib} at the toolchain's version, as the Go vulnerability database names
 * it.
 */
public final class GoBinaryPackages {
  /** The name the Go vulnerability database gives the standard library. */
  public static final String STDLIB = "stdlib";

  /** Set on the main module. */
  public static final String MAIN = "go.main";

  /** Set when the version is {@code (devel)}: built from a checkout, not a released module version. */
  public static final String DEVEL = "go.devel";

  /** The import path of the main package, on the main module. */
  public static final String PATH = "go.path";

  /** The toolchain version as recorded, on the main module and the standard library. */
  public static final String TOOLCHAIN = "go.toolchain";

  /** On a replacement: the {@code path@version} it replaced. */
  public static final String REPLACES = "go.replaces";

  /** Prefix of build settings copied to the main module ({@code go.build.GOOS}). */
  public static final String BUILD_PREFIX = "go.build.";

  private static final String DEVEL_VERSION = "(devel)";

  /** Build settings worth reporting; the rest (compiler flags, GOAMD64, …) only describe the build. */
  private static final Set<String> REPORTED_SETTINGS = Set.of("-buildmode", "-compiler", "-ldflags", "-tags",
      "-trimpath", "CGO_ENABLED", "GOARCH", "GOOS", "GOEXPERIMENT", "GOFIPS140", "vcs", "vcs.revision",
      "vcs.time", "vcs.modified");

  private GoBinaryPackages() {}

  /** The packages and warnings for a binary whose build info holds {@code goVersion} and {@code modinfo}. */
  public static List<Fact> facts(String goVersion, String modinfo) {
    GoBuildInfo info = GoBuildInfo.parse(goVersion, modinfo);
    List<Fact> facts = new ArrayList<>();
    for (String problem : info.problems()) {
      facts.add(new Fact.Warning("Go build info: " + problem));
    }
    info.main().filter(m -> !m.path().isBlank()).ifPresent(main -> facts.add(found(mainModule(info, main))));
    for (GoBuildInfo.Module dep : info.deps()) {
      // Old toolchains recorded the main module as a dependency with an empty path.
      if (!dep.path().isBlank()) {
        facts.add(found(dependency(dep)));
      }
    }
    GoToolchainVersion.semver(goVersion).ifPresent(version -> facts.add(found(
        PackageRecord.builder(PackageType.GOLANG, STDLIB, version).property(TOOLCHAIN, goVersion).build())));
    return facts;
  }

  private static PackageRecord mainModule(GoBuildInfo info, GoBuildInfo.Module main) {
    PackageRecord.Builder builder = builder(main.path(), main.version()).property(MAIN, "true")
        .property(TOOLCHAIN, info.goVersion());
    if (!info.path().isEmpty()) {
      builder.property(PATH, info.path());
    }
    for (GoBuildInfo.Setting setting : info.settings()) {
      if (REPORTED_SETTINGS.contains(setting.key())) {
        builder.property(BUILD_PREFIX + setting.key(), setting.value());
      }
    }
    return builder.build();
  }

  private static PackageRecord dependency(GoBuildInfo.Module dep) {
    Optional<GoBuildInfo.Module> replacement = dep.replacement().filter(r -> !r.path().isBlank());
    if (replacement.isEmpty()) {
      return builder(dep.path(), dep.version()).build();
    }
    GoBuildInfo.Module r = replacement.get();
    return builder(r.path(), r.version()).property(REPLACES, dep.path() + "@" + dep.version()).build();
  }

  private static PackageRecord.Builder builder(String path, String version) {
    PackageRecord.Builder builder = PackageRecord.builder(PackageType.GOLANG, path, version);
    if (version.equals(DEVEL_VERSION)) {
      builder.property(DEVEL, "true");
    }
    return builder;
  }

  private static Fact found(PackageRecord pkg) {
    return new Fact.FoundPackage(pkg);
  }
}
