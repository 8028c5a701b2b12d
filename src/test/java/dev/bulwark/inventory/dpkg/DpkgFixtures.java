package dev.bulwark.inventory.dpkg;

import dev.bulwark.inventory.PackageRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The dpkg fixtures under {@code src/test/resources/inventory/dpkg}, each a directory with its expected results. */
final class DpkgFixtures {
  private DpkgFixtures() {}

  static Path root() {
    try {
      return Path.of(DpkgFixtures.class.getResource("/inventory/dpkg").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Cases with a {@code status} file or a distroless {@code status.d} directory. */
  static Stream<String> statusCases() {
    return Stream.concat(cases("status"), cases("status.d")).sorted();
  }

  /** Cases with a single {@code status} file, the form dpkg itself reads. */
  static Stream<String> statusFileCases() {
    return cases("status");
  }

  /** Cases with an {@code info} directory of file lists. */
  static Stream<String> listCases() {
    return cases("info");
  }

  private static Stream<String> cases(String member) {
    try (Stream<Path> dirs = Files.list(root())) {
      return dirs.filter(d -> Files.exists(d.resolve(member))).map(d -> d.getFileName().toString()).sorted()
          .toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file).stream().filter(l -> !l.isEmpty()).toList();
  }

  /** A package as a row of expected.tsv: Package, Version, Architecture, source:Package, source:Version. */
  static String row(PackageRecord pkg) {
    return String.join("\t", pkg.name(), pkg.version(), pkg.arch(), pkg.source().orElseThrow().name(),
        pkg.source().orElseThrow().version());
  }
}
