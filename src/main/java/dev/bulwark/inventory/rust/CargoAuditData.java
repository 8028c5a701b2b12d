package dev.bulwark.inventory.rust;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.inventory.rust.wire.AuditJson;
import dev.bulwark.io.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The crates a cargo-auditable dependency list names. Only runtime crates are reported, as Trivy,
 * Syft and osv-scalibr do: build dependencies (build scripts, proc macros) ran on the build machine
 * and are not in the executable.
 */
public final class CargoAuditData {
  /** Set on the crate the executable was built from. */
  public static final String ROOT = "cargo.root";

  /** Where the crate came from as cargo-auditable records it: {@code crates.io}, {@code git}, {@code local}, … */
  public static final String SOURCE = "cargo.source";

  /** Crates in one list; the largest real dependency trees have a few thousand. */
  static final int MAX_PACKAGES = 100_000;

  /** Incomplete entries listed one by one before the rest are only counted. */
  private static final int MAX_WARNINGS = 10;

  private static final String RUNTIME = "runtime";

  private CargoAuditData() {}

  /** The packages and warnings for the inflated JSON {@code json}. */
  public static List<Fact> facts(byte[] json) {
    AuditJson data;
    try {
      data = Json.mapper().readValue(json, AuditJson.class);
    } catch (JsonProcessingException e) {
      return List.of(new Fact.Warning("cargo-auditable data is not valid JSON: " + e.getOriginalMessage()));
    } catch (IOException e) {
      return List.of(new Fact.Warning("cargo-auditable data is unreadable: " + e.getMessage()));
    }
    if (data == null || data.packages() == null) {
      return List.of(new Fact.Warning("cargo-auditable data without a package list"));
    }
    if (data.packages().size() > MAX_PACKAGES) {
      return List.of(new Fact.Warning("cargo-auditable data lists " + data.packages().size()
          + " packages, over the limit of " + MAX_PACKAGES));
    }
    List<Fact> facts = new ArrayList<>();
    int incomplete = 0;
    for (int i = 0; i < data.packages().size(); i++) {
      AuditJson.PackageJson p = data.packages().get(i);
      if (p == null || isBlank(p.name()) || isBlank(p.version())) {
        if (++incomplete <= MAX_WARNINGS) {
          facts.add(new Fact.Warning("cargo-auditable data: package " + i + " has no name or version"));
        }
        continue;
      }
      if (p.kind() != null && !p.kind().equals(RUNTIME)) {
        continue;
      }
      PackageRecord.Builder builder = PackageRecord.builder(PackageType.CARGO, p.name(), p.version());
      if (!isBlank(p.source())) {
        builder.property(SOURCE, p.source());
      }
      if (Boolean.TRUE.equals(p.root())) {
        builder.property(ROOT, "true");
      }
      facts.add(new Fact.FoundPackage(builder.build()));
    }
    if (incomplete > MAX_WARNINGS) {
      facts.add(new Fact.Warning("cargo-auditable data: " + (incomplete - MAX_WARNINGS)
          + " more packages without a name or version"));
    }
    return facts;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
