package dev.bulwark.inventory.rpm;

import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.SourcePackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rpm fixtures under {@code inventory/rpm/} and their expected results, written by rpm itself
 * ({@code expected.tsv}: {@code rpm -qa --qf}; {@code expected-files.tsv}: {@code %{FILENAMES}}).
 */
final class RpmFixtures {
  private RpmFixtures() {}

  private static final String NONE = "(none)";
  /** An independent reading of a source rpm name, to check the parser against. */
  private static final Pattern SOURCE_RPM = Pattern.compile("(.+)-([^-]+-[^-]+)\\.src\\.rpm");

  static Path resource(String relative) {
    try {
      return Path.of(RpmFixtures.class.getResource("/inventory/rpm/" + relative).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing fixture " + relative, e);
    }
  }

  static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(resource(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Fact> analyze(String imagePath, byte[] content) throws IOException {
    return AnalyzerHarness.analyze(new RpmDatabaseAnalyzer(), imagePath, content);
  }

  /** The packages rpm listed, as {@link #line} writes them, without gpg-pubkey; sorted. */
  static List<String> expectedLines(String relative) throws IOException {
    return expectedLines(Files.readAllLines(resource(relative)), relative);
  }

  /** As {@link #expectedLines(String)}, from the lines of a tsv with a {@code # columns:} line. */
  static List<String> expectedLines(List<String> tsv, String name) {
    List<String> lines = new ArrayList<>();
    for (Map<String, String> row : rows(tsv, name)) {
      if (row.get("name").equals("gpg-pubkey")) {
        continue;
      }
      String epoch = row.getOrDefault("epoch", NONE);
      String version = (epoch.equals(NONE) ? "" : epoch + ":") + row.get("version") + "-" + row.get("release");
      String sourceRpm = row.getOrDefault("sourcerpm", NONE);
      String source = "-";
      Matcher m = SOURCE_RPM.matcher(sourceRpm);
      if (m.matches()) {
        source = m.group(1) + " " + m.group(2);
      }
      lines.add(String.join("\t", row.get("name"), version, row.get("arch"), source,
          row.getOrDefault("license", NONE), row.getOrDefault("vendor", NONE),
          row.getOrDefault("modularitylabel", NONE), epoch));
    }
    return lines.stream().sorted().toList();
  }

  /** A package in the shape of {@link #expectedLines}. */
  static String line(PackageRecord p) {
    String source = p.source().map(s -> s.name() + " " + s.version()).orElse("-");
    return String.join("\t", p.name(), p.version(), p.arch().isEmpty() ? NONE : p.arch(), source,
        p.licenses().isEmpty() ? NONE : String.join(" ", p.licenses()), p.vendor().orElse(NONE),
        p.modularityLabel().orElse(NONE), p.properties().getOrDefault(RpmPackages.EPOCH_PROPERTY, NONE));
  }

  static List<String> lines(List<PackageRecord> packages) {
    return packages.stream().map(RpmFixtures::line).sorted().toList();
  }

  /** Package name to its sorted file list, from {@code expected-files.tsv}. */
  static Map<String, List<String>> expectedFiles(String relative) throws IOException {
    return expectedFiles(Files.readAllLines(resource(relative)));
  }

  /** As {@link #expectedFiles(String)}, from lines of {@code name<TAB>path}. */
  static Map<String, List<String>> expectedFiles(List<String> tsv) {
    Map<String, List<String>> files = new TreeMap<>();
    for (String line : tsv) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\t", 2);
      files.computeIfAbsent(fields[0], k -> new ArrayList<>()).add(fields[1]);
    }
    files.replaceAll((k, v) -> v.stream().sorted().toList());
    return files;
  }

  static Map<String, List<String>> files(List<PackageRecord> packages) {
    Map<String, List<String>> files = new TreeMap<>();
    for (PackageRecord p : packages) {
      if (!p.installedFiles().isEmpty()) {
        files.put(p.name(), p.installedFiles().stream().sorted().toList());
      }
    }
    return files;
  }

  static SourcePackage source(PackageRecord p) {
    return p.source().orElseThrow();
  }

  private static List<Map<String, String>> rows(List<String> tsv, String relative) {
    List<String> columns = List.of();
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : tsv) {
      if (line.startsWith("# columns:")) {
        columns = Arrays.asList(line.substring("# columns:".length()).trim().split(" "));
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        String[] fields = line.split("\t", -1);
        if (fields.length != columns.size()) {
          throw new IllegalStateException(relative + ": " + fields.length + " fields, " + columns + " columns");
        }
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < fields.length; i++) {
          row.put(columns.get(i), fields[i]);
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
