package dev.bulwark.inventory.elf;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an executable once, front to back, for the records toolchains embed in it: Go build
 * information and cargo-auditable dependency lists. A file that is not ELF, PE or Mach-O is given
 * up after its first bytes.
 */
final class ExecutableScan {
  private ExecutableScan() {}

  /**
   * What the pass found.
   *
   * @param go the Go toolchain version and module information, raw
   * @param cargoAudit the inflated cargo-auditable JSON
   */
  record Findings(Optional<GoBuildInfoProbe.Found> go, Optional<byte[]> cargoAudit, List<String> warnings) {
    Findings {
      warnings = List.copyOf(warnings);
    }

    static final Findings NONE = new Findings(Optional.empty(), Optional.empty(), List.of());
  }

  static Findings read(InputStream in, long size) throws IOException {
    ByteScan scan = new ByteScan(in, size);
    int head = scan.readHead(BinaryLayout.MAGIC_BYTES);
    Optional<BinaryLayout.Format> format = BinaryLayout.identify(scan.buffer(), head);
    if (format.isEmpty()) {
      return Findings.NONE;
    }
    scan.fillWindow();
    BinaryLayout layout = BinaryLayout.read(format.get(), scan.buffer(), scan.end());
    GoStringRetention retention =
        layout.goBuildId() && !layout.loads().isEmpty() ? new GoStringRetention(layout.loads()) : null;
    GoBuildInfoProbe go = new GoBuildInfoProbe(layout, retention);
    try (AuditDataProbe cargo = new AuditDataProbe(layout)) {
      // Retention runs first so that strings are kept before a header in the same window asks for them.
      scan.run(retention == null ? List.of(go, cargo) : List.of(retention, go, cargo));
      List<String> warnings = new ArrayList<>(go.warnings());
      warnings.addAll(cargo.warnings());
      return new Findings(go.found(), cargo.json(), warnings);
    }
  }
}
