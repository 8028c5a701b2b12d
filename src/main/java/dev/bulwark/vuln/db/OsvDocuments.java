package dev.bulwark.vuln.db;

import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.io.Bounded;
import dev.bulwark.vuln.osv.OsvCodec;
import dev.bulwark.vuln.osv.OsvFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The OSV documents in a path: one {@code .json}/{@code .yaml}/{@code .yml} file, a directory of them
 * (recursively, with osv.dev archives inside read too; hidden directories and symbolic links skipped), or
 * a zip archive in osv.dev's layout ({@code <Ecosystem>/all.zip} holding {@code <ID>.json}). A document
 * that is too large is handed on as a rejection; an archive that is damaged is an error.
 */
final class OsvDocuments {
  /** More entries than this in one archive is not an advisory feed (osv.dev's largest holds a few 100,000). */
  static final int MAX_ARCHIVE_ENTRIES = 2_000_000;
  /** Total uncompressed documents read from one archive (a zip bomb stops here). */
  static final long MAX_ARCHIVE_UNCOMPRESSED = 32L << 30;

  private OsvDocuments() {}

  /** One document, or the reason it could not be read. */
  sealed interface Item {
    String name();
  }

  record Document(String name, byte[] bytes, OsvFormat format) implements Item {}

  record Unreadable(String name, String reason) implements Item {}

  @FunctionalInterface
  interface Sink {
    void accept(Item item) throws InterruptedException;
  }

  static boolean isArchive(Path path) {
    return path.getFileName() != null && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
  }

  static void read(Path input, Sink sink) throws InterruptedException {
    if (Files.isDirectory(input)) {
      readDirectory(input, sink);
    } else if (Files.isRegularFile(input)) {
      readFile(input, input.toString(), sink);
    } else if (Files.exists(input)) {
      throw new InputException(input + ": not a file or directory");
    } else {
      throw new InputException(input + ": no such file or directory");
    }
  }

  private static void readDirectory(Path dir, Sink sink) throws InterruptedException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(p -> !hidden(dir, p))
          .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> isArchive(p) || OsvFormat.ofFileName(p.getFileName().toString()).isPresent())
          .forEach(files::add);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new InputException("cannot read the directory " + dir + ": " + e.getMessage(), e);
    }
    files.sort(null);
    for (Path file : files) {
      readFile(file, file.toString(), sink);
    }
  }

  /** Hidden directories ({@code .git}, {@code .github}) hold no advisories, only look-alike YAML. */
  private static boolean hidden(Path root, Path path) {
    Path relative = root.relativize(path);
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static void readFile(Path file, String name, Sink sink) throws InterruptedException {
    if (isArchive(file)) {
      readArchive(file, sink);
      return;
    }
    Optional<OsvFormat> format = OsvFormat.ofFileName(file.getFileName().toString());
    if (format.isEmpty()) {
      throw new InputException(file + ": not an OSV document (.json, .yaml, .yml) or a zip archive of them");
    }
    try {
      long size = Files.size(file);
      if (size > OsvCodec.MAX_DOCUMENT_BYTES) {
        sink.accept(new Unreadable(name, "document of " + size + " bytes exceeds the limit of "
            + OsvCodec.MAX_DOCUMENT_BYTES));
        return;
      }
      sink.accept(new Document(name, Files.readAllBytes(file), format.orElseThrow()));
    } catch (IOException e) {
      throw new InputException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static void readArchive(Path archive, Sink sink) throws InterruptedException {
    readArchive(archive, archive.toString(), sink);
  }

  /** Reads an archive; {@code display} names it in messages (the URL of a downloaded one). */
  static void readArchive(Path file, String display, Sink sink) throws InterruptedException {
    String archive = display;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      if (zip.size() > MAX_ARCHIVE_ENTRIES) {
        throw new LimitExceededException(archive, "number of archive entries", MAX_ARCHIVE_ENTRIES);
      }
      long total = 0;
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        Optional<OsvFormat> format = OsvFormat.ofFileName(entry.getName());
        if (entry.isDirectory() || format.isEmpty()) {
          continue;
        }
        String name = archive + "!" + entry.getName();
        if (entry.getSize() > OsvCodec.MAX_DOCUMENT_BYTES) {
          sink.accept(new Unreadable(name, "document of " + entry.getSize() + " bytes exceeds the limit of "
              + OsvCodec.MAX_DOCUMENT_BYTES));
          continue;
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
          bytes = Bounded.readAll(in, OsvCodec.MAX_DOCUMENT_BYTES, name);
        } catch (LimitExceededException e) {
          sink.accept(new Unreadable(name, e.getMessage()));
          continue;
        }
        total += bytes.length;
        if (total > MAX_ARCHIVE_UNCOMPRESSED) {
          throw new LimitExceededException(archive, "uncompressed size", MAX_ARCHIVE_UNCOMPRESSED);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
          throw new InputException(archive + ": damaged zip archive (checksum mismatch in " + entry.getName() + ")");
        }
        sink.accept(new Document(name, bytes, format.orElseThrow()));
      }
    } catch (ZipException e) {
      throw new InputException(archive + ": not a valid zip archive (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new InputException("cannot read the archive " + archive + ": " + e.getMessage(), e);
    }
  }
}
