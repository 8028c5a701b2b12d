package dev.bulwark.vuln.version;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A comparison vector file in osv-scalibr's format: one {@code a OP b} per line ({@code OP} one of
 * {@code <}, {@code =}, {@code >}), blank lines and lines starting with {@code #} or {@code //}
 * skipped. claircore's files use {@code ==} for equality and runs of spaces; both are read.
 */
record VectorFile(String name, List<Vector> vectors) {
  record Vector(String file, int line, String a, int expected, String b) {
    String text() {
      return a + " " + (expected < 0 ? "<" : expected > 0 ? ">" : "=") + " " + b;
    }
  }

  static VectorFile load(String resource) {
    List<Vector> vectors = new ArrayList<>();
    try (InputStream in = VectorFile.class.getResourceAsStream("/vuln/version/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("//")) {
          continue;
        }
        String[] pieces = trimmed.split(" +");
        if (pieces.length != 3) {
          throw new IllegalArgumentException(resource + ":" + number + ": not 'a OP b': " + line);
        }
        int expected = switch (pieces[1]) {
          case "<" -> -1;
          case "=", "==" -> 0;
          case ">" -> 1;
          default -> throw new IllegalArgumentException(resource + ":" + number + ": bad operator " + pieces[1]);
        };
        vectors.add(new Vector(resource, number, pieces[0], expected, pieces[2]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new VectorFile(resource, List.copyOf(vectors));
  }

  /** Every distinct version the file mentions. */
  List<String> versions() {
    Set<String> versions = new LinkedHashSet<>();
    for (Vector v : vectors) {
      versions.add(v.a());
      versions.add(v.b());
    }
    return List.copyOf(versions);
  }
}
