package dev.bulwark.vuln.match;

import dev.bulwark.image.ImageRef;
import dev.bulwark.image.ImageSource;
import dev.bulwark.image.ImageSources;
import dev.bulwark.image.SourceOptions;
import dev.bulwark.inventory.Analyzers;
import dev.bulwark.inventory.ImageSummary;
import dev.bulwark.inventory.Inventory;
import dev.bulwark.inventory.InventoryService;
import dev.bulwark.inventory.Package;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.inventory.PackageUrls;
import dev.bulwark.inventory.Progress;
import dev.bulwark.inventory.distro.Distro;
import dev.bulwark.io.Limits;
import dev.bulwark.vuln.db.SqliteAdvisoryStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A hidden entry point for bench/scan.sh, not part of the command line: times the matcher alone on
 * one inventory, so its cost can be told apart from reading the image and starting the JVM.
 *
 * <pre>
 * java -cp bulwark.jar dev.bulwark.vuln.match.MatchBenchmark DB RUNS image IMAGE-REF
 * java -cp bulwark.jar dev.bulwark.vuln.match.MatchBenchmark DB RUNS packages FILE DISTRO-ID:VERSION
 * </pre>
 *
 * FILE holds one package per line: {@code type name version [source-name source-version]}. Prints
 * one line: packages, findings, the first match on a freshly opened database (cold: SQLite lookups
 * and advisory decoding included), the median of RUNS further matches with a new matcher each
 * (warm: the store's decoded advisories cached), with packages per second for each, and the time
 * opening the database took in this fresh JVM (loading SQLite's native library included).
 */
final class MatchBenchmark {
  private MatchBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 4) {
      System.err.println("usage: MatchBenchmark DB RUNS image IMAGE-REF | MatchBenchmark DB RUNS packages FILE DISTRO");
      System.exit(2);
    }
    Path db = Path.of(args[0]);
    int runs = Integer.parseInt(args[1]);
    Inventory inventory = switch (args[2]) {
      case "image" -> image(args[3]);
      case "packages" -> packages(Path.of(args[3]), args.length > 4 ? args[4] : "-");
      default -> throw new IllegalArgumentException("image or packages, not " + args[2]);
    };
    long opening = System.nanoTime();
    try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(db)) {
      store.metadata();
      double open = (System.nanoTime() - opening) / 1e6;
      long start = System.nanoTime();
      int findings = new Matcher(store).match(inventory).size();
      double cold = (System.nanoTime() - start) / 1e6;
      double[] warm = new double[runs];
      for (int i = 0; i < runs; i++) {
        long t = System.nanoTime();
        new Matcher(store).match(inventory);
        warm[i] = (System.nanoTime() - t) / 1e6;
      }
      Arrays.sort(warm);
      double median = runs == 0 ? Double.NaN : warm[runs / 2];
      int n = inventory.packages().size();
      System.out.printf(Locale.ROOT,
          "packages %d findings %d cold_ms %.1f cold_pkg_per_s %.0f warm_ms %.1f warm_pkg_per_s %.0f open_ms %.1f%n",
          n, findings, cold, n / (cold / 1000), median, n / (median / 1000), open);
    }
  }

  private static Inventory image(String reference) {
    ImageRef ref = ImageRef.parse(reference);
    InventoryService service = new InventoryService(Analyzers.all(), Optional.empty(), Limits.DEFAULT, Progress.NONE);
    try (ImageSource source = ImageSources.open(ref, SourceOptions.defaults(Map.of()))) {
      return service.inventory(source, ref.display());
    }
  }

  private static Inventory packages(Path file, String distroSpec) throws IOException {
    Optional<Distro> distro = Optional.empty();
    if (!distroSpec.equals("-")) {
      String[] parts = distroSpec.split(":", 2);
      distro = Optional.of(new Distro(parts[0], parts[1], parts[0], parts[0] + " " + parts[1], Optional.empty(),
          Optional.empty()));
    }
    List<Package> packages = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] f = line.strip().split("\\s+");
      if (f.length < 3 || f[0].startsWith("#")) {
        continue;
      }
      PackageType type = PackageType.valueOf(f[0].toUpperCase(Locale.ROOT));
      PackageRecord.Builder builder = PackageRecord.builder(type, f[1], f[2]);
      if (f.length >= 5) {
        builder.source(f[3], f[4]);
      }
      PackageRecord record = builder.build();
      packages.add(new Package(record, PackageUrls.of(record, distro).orElse(""), 0, Optional.empty(),
          List.of("/bench"), Optional.empty(), "bench"));
    }
    ImageSummary summary = new ImageSummary(file.toString(), Optional.empty(), Optional.empty(), "linux", "amd64",
        List.of(), List.of(), List.of());
    return new Inventory(summary, distro, packages, List.of());
  }
}
