package dev.bulwark.vuln.db;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** The real OSV records under src/test/resources/vuln/osv, and archives built from them. */
final class DbFixtures {
  private DbFixtures() {}

  static Path osv() {
    try {
      return Path.of(DbFixtures.class.getResource("/vuln/osv").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path osv(String feed) {
    return osv().resolve(feed);
  }

  /** A zip in osv.dev's layout: one {@code <ID>.json|yaml} entry per document of {@code dirs}. */
  static byte[] zipOf(Path... dirs) throws IOException {
    var bytes = new java.io.ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Path dir : dirs) {
        for (Path file : documents(dir)) {
          zip.putNextEntry(new ZipEntry(file.getFileName().toString()));
          zip.write(Files.readAllBytes(file));
          zip.closeEntry();
        }
      }
    }
    return bytes.toByteArray();
  }

  static Path writeZip(Path target, Path... dirs) throws IOException {
    Files.createDirectories(target.getParent());
    try (OutputStream out = Files.newOutputStream(target)) {
      out.write(zipOf(dirs));
    }
    return target;
  }

  static List<Path> documents(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  static String sha256(Path file) throws Exception {
    var digest = java.security.MessageDigest.getInstance("SHA-256");
    return java.util.HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
  }
}
