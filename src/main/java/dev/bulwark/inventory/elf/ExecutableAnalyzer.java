package dev.bulwark.inventory.elf;

import dev.bulwark.inventory.AnalyzedFile;
import dev.bulwark.inventory.Analyzer;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.golang.GoBinaryPackages;
import dev.bulwark.inventory.rust.CargoAuditData;
import dev.bulwark.layer.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Packages compiled into executables: Go modules and the Go standard library from Go build
 * information, Rust crates from cargo-auditable data. One analyzer reads both in a single streaming
 * pass, because every executable of an image passes through it and two analyzers wanting the same
 * file would make the layer scanner buffer it (in memory or on disk) for each.
 */
public final class ExecutableAnalyzer implements Analyzer {
  public static final String TYPE = "executable";

  /** Smaller than an ELF header plus one program header: cannot hold build information. */
  private static final long MIN_BYTES = 128;

  /** Suffixes of executable files that are not compiled programs (scripts, data, archives). */
  private static final Set<String> NOT_COMPILED = Set.of("sh", "bash", "zsh", "ksh", "csh", "fish", "py",
      "pyc", "pl", "pm", "rb", "js", "mjs", "cjs", "php", "lua", "tcl", "awk", "sed", "txt", "md", "json",
      "yaml", "yml", "xml", "html", "htm", "conf", "cfg", "ini", "properties", "jar", "war", "zip", "gz", "tgz",
      "xz", "bz2", "zst", "tar", "png", "jpg", "gif", "svg", "ico", "pem", "crt", "key", "service", "desktop",
      "h", "c", "cc", "cpp", "go", "rs", "java", "class", "ps1", "bat", "cmd");

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean required(LayerEntry entry) {
    if (entry.size() < MIN_BYTES) {
      return false;
    }
    String path = entry.path();
    if ((entry.mode() & 0111) == 0) {
      return path.endsWith(".exe"); // Windows layers do not record execute bits
    }
    int dot = path.lastIndexOf('.');
    return dot <= path.lastIndexOf('/') || !NOT_COMPILED.contains(path.substring(dot + 1));
  }

  @Override
  public List<Fact> analyze(AnalyzedFile file) throws IOException {
    ExecutableScan.Findings findings;
    try (InputStream in = file.open()) {
      findings = ExecutableScan.read(in, file.size());
    }
    List<Fact> facts = new ArrayList<>();
    for (String warning : findings.warnings()) {
      facts.add(new Fact.Warning(warning));
    }
    findings.go().ifPresent(go -> facts.addAll(GoBinaryPackages.facts(go.version(), go.modinfo())));
    findings.cargoAudit().ifPresent(json -> facts.addAll(CargoAuditData.facts(json)));
    return facts;
  }
}
