package dev.bulwark.inventory.dpkg;

import dev.bulwark.LimitExceededException;
import dev.bulwark.inventory.AnalyzedFile;
import dev.bulwark.inventory.Analyzer;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.layer.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The packages dpkg records as installed: {@code /var/lib/dpkg/status}, and the one-file-per-package
 * {@code /var/lib/dpkg/status.d/*} of distroless images (whose {@code *.md5sums} siblings are not
 * package records).
 *
 * <p>The list equals {@code dpkg-query -W -f '${Package} ${Version} ${Architecture}
 * ${source:Package} ${source:Version}'} run on the same database, less the packages in state
 * {@code config-files} (see {@link DpkgStatus} for the rule). Names, versions and source fields are
 * printed the way dpkg prints them. A stanza without {@code Status} is {@code not-installed} to
 * dpkg and is skipped; in {@code status.d}, which distroless tools write without a Status field,
 * it is installed. Package formats know nothing of distributions: which Debian or Ubuntu release
 * this is comes from {@code inventory.distro}.
 */
public final class DpkgStatusAnalyzer implements Analyzer {
  static final String STATUS = "/var/lib/dpkg/status";
  static final String STATUS_D = "/var/lib/dpkg/status.d/";
  private static final String MD5SUMS = ".md5sums";

  /** Property holding the Status value of a package reported in a state other than installed. */
  public static final String STATUS_PROPERTY = "dpkg:status";

  /** Stanzas in one database; Debian's whole archive has about 70,000 binary packages per architecture. */
  static final int MAX_STANZAS = 500_000;
  /** Bytes of one line; longer lines are skipped unread, and a kept field that long is a warning. */
  static final int MAX_LINE_BYTES = 1 << 20;
  /** Warnings reported for one file; further problems are counted in a last warning. */
  static final int MAX_WARNINGS = 20;

  private static final List<String> FIELDS = List.of("package", "status", "version", "architecture", "source");

  @Override
  public String type() {
    return "dpkg-status";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean required(LayerEntry entry) {
    String path = entry.path();
    if (!path.startsWith("/var/lib/dpkg/status")) {
      return false;
    }
    if (path.length() == STATUS.length()) {
      return true;
    }
    return path.startsWith(STATUS_D)
        && path.length() > STATUS_D.length()
        && path.indexOf('/', STATUS_D.length()) < 0
        && !path.endsWith(MD5SUMS);
  }

  @Override
  public List<Fact> analyze(AnalyzedFile file) throws IOException {
    boolean statusD = file.path().startsWith(STATUS_D);
    Warnings warnings = new Warnings();
    Map<String, PackageRecord> installed = new LinkedHashMap<>();
    try (InputStream in = file.open()) {
      ControlStanzas stanzas = new ControlStanzas(in, FIELDS, MAX_LINE_BYTES);
      int count = 0;
      for (Optional<ControlStanzas.Stanza> next; (next = stanzas.next()).isPresent(); ) {
        if (++count > MAX_STANZAS) {
          throw new LimitExceededException(file.path(), "stanzas", MAX_STANZAS);
        }
        record(next.get(), statusD, installed, warnings);
      }
    }
    List<Fact> facts = new ArrayList<>(installed.size() + 1);
    for (PackageRecord pkg : installed.values()) {
      facts.add(new Fact.FoundPackage(pkg));
    }
    facts.addAll(warnings.facts());
    return facts;
  }

  private static void record(ControlStanzas.Stanza stanza, boolean statusD, Map<String, PackageRecord> installed,
      Warnings warnings) {
    Optional<String> packageField = stanza.field("package").filter(p -> !p.isEmpty());
    String name = packageField.map(p -> p.toLowerCase(Locale.ROOT)).orElse("");
    List<String> problems = new ArrayList<>(stanza.problems());
    try {
      if (!stanza.keptFieldsValid()) {
        return;
      }
      if (name.isEmpty()) {
        problems.add("no Package field");
        return;
      }
      if (hasSpace(name)) {
        problems.add("invalid package name");
        return;
      }
      DpkgStatus.State state;
      Optional<String> statusField = stanza.field("status");
      if (statusField.isEmpty()) {
        if (!statusD) {
          return; // dpkg reads a package without Status as not-installed
        }
        state = DpkgStatus.State.INSTALLED;
      } else {
        try {
          state = DpkgStatus.parse(statusField.get()).state();
        } catch (IllegalArgumentException e) {
          problems.add(e.getMessage());
          return;
        }
      }
      if (!state.installed()) {
        return;
      }
      String version;
      try {
        version = DpkgVersions.normalize(stanza.field("version").orElse(""));
      } catch (IllegalArgumentException e) {
        problems.add("'Version' field: " + e.getMessage());
        return;
      }
      String arch = stanza.field("architecture").orElse("");
      PackageRecord.Builder builder = PackageRecord.builder(PackageType.DEB, name, version).arch(arch);
      source(stanza.field("source").orElse(""), name, version, builder, problems);
      if (state != DpkgStatus.State.INSTALLED) {
        builder.property(STATUS_PROPERTY, statusField.orElseThrow().strip());
      }
      String key = name + ":" + arch;
      if (installed.remove(key) != null) {
        problems.add("a second stanza for " + key + " replaces the first, as in dpkg");
      }
      installed.put(key, builder.build());
    } finally {
      if (!problems.isEmpty()) {
        warnings.add("stanza at line " + stanza.line() + (name.isEmpty() ? "" : " (" + name + ")") + ": "
            + String.join("; ", problems));
      }
    }
  }

  /**
   * dpkg's {@code ${source:Package}} is the Source field up to its first space (the binary name
   * when there is none); {@code ${source:Version}} is what stands in parentheses after it (the
   * binary version when there is none).
   */
  private static void source(String field, String name, String version, PackageRecord.Builder builder,
      List<String> problems) {
    if (field.isEmpty()) {
      builder.source(name, version);
      return;
    }
    int space = 0;
    while (space < field.length() && !Character.isWhitespace(field.charAt(space))) {
      space++;
    }
    String sourceName = field.substring(0, space);
    String sourceVersion = version;
    int open = field.indexOf('(');
    if (open >= 0) {
      int close = field.indexOf(')', open);
      String inParentheses = field.substring(open + 1, close < 0 ? field.length() : close).strip();
      try {
        sourceVersion = DpkgVersions.normalize(inParentheses);
      } catch (IllegalArgumentException e) {
        problems.add("version in 'Source' field: " + e.getMessage() + "; using the binary version");
      }
    }
    builder.source(sourceName, sourceVersion);
  }

  private static boolean hasSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Warnings of one file, the first few in full and the rest counted. */
  private static final class Warnings {
    private final List<Fact> facts = new ArrayList<>();
    private int dropped;

    void add(String message) {
      if (facts.size() < MAX_WARNINGS) {
        facts.add(new Fact.Warning(message));
      } else {
        dropped++;
      }
    }

    List<Fact> facts() {
      if (dropped > 0) {
        List<Fact> all = new ArrayList<>(facts);
        all.add(new Fact.Warning(dropped + " further problems not shown"));
        return all;
      }
      return facts;
    }
  }
}
