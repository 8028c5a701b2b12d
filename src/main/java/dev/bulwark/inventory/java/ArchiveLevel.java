package dev.bulwark.inventory.java;

import dev.bulwark.BulwarkException;
import dev.bulwark.inventory.java.ArchiveScan.ScanStopped;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One archive — the analyzed file, or an archive nested in it — read once from its first byte to
 * its last. Entries are streamed in archive order from their local headers ({@link
 * LocalEntryReader}): {@code pom.properties} and the manifest are read, nested archives are read
 * recursively straight from the entry stream, everything else is passed over without inflating it.
 * The archive's SHA-1 is computed from the same single pass.
 *
 * <p>Only an archive with no local file header in its first 64 KiB — a self-extractor with a
 * large stub, or no zip at all — is copied to scratch and read by its central directory, as
 * {@code java -jar} would (a launch script in front of an executable jar is shorter, and streamed
 * past).
 */
final class ArchiveLevel {
  private static final int BUFFER = 64 * 1024;
  private static final String MANIFEST = "META-INF/MANIFEST.MF";
  private static final String POM_PROPERTIES = "pom.properties";
  /** Longest piece of an entry name or error message put into a warning. */
  private static final int MAX_DISPLAY_CHARS = 200;

  private final ArchiveScan scan;
  private final ArchiveBounds bounds;
  private final int depth;
  private final String fileName;
  private final Optional<String> innerPath;
  private final String where;
  private final List<PomProperties> poms = new ArrayList<>();
  private Optional<JarManifest> manifest = Optional.empty();
  /** The entry being read, to say where an archive broke. */
  private String entryName = "";
  private final byte[] buffer = new byte[BUFFER];

  /**
   * @param fileName the archive's name (last path segment), which may name its artifact
   * @param innerPath where the archive sits in the analyzed file; empty for the file itself
   */
  ArchiveLevel(ArchiveScan scan, int depth, String fileName, Optional<String> innerPath) {
    this.scan = scan;
    this.bounds = scan.bounds();
    this.depth = depth;
    this.fileName = fileName;
    this.innerPath = innerPath;
    this.where = innerPath.orElse("");
  }

  /**
   * Reads the archive to the end of {@code source} and records its packages with the scan (also
   * when reading stops early). A malformed archive is a warning; a failure of the source itself
   * (the layer, or the entry of an enclosing archive) and, below the analyzed file, a bound reached
   * are thrown, for the level that owns them.
   */
  void read(InputStream source) throws IOException {
    int slot = scan.reserve();
    ArchiveInput input = new ArchiveInput(source, scan, depth > 0);
    Optional<String> sha1 = Optional.empty();
    try {
      boolean streamed = false;
      try {
        streamed = walk(input);
      } catch (IOException e) {
        IOException cause = input.unwrap(e);
        if (cause != e) {
          throw cause;
        }
        if (e instanceof ScanStopped stopped) {
          if (depth > 0) {
            throw stopped.at(where);
          }
          scan.warn("", "stopped reading: " + stopped.getMessage());
        } else {
          scan.warn(where, "unreadable archive" + atEntry() + ": " + display(describe(e)));
        }
      } catch (BulwarkException e) {
        throw e;
      } catch (RuntimeException e) {
        // The JDK's ZipFile throws unchecked exceptions on some malformed input (bad names); the
        // archive is malformed, not the scan.
        scan.warn(where, "unreadable archive" + atEntry() + ": " + display(describe(e)));
      }
      input.drain(buffer);
      if (streamed && !input.endsWithEndOfCentralDirectory()) {
        scan.warn(where, "truncated archive: no end-of-central-directory record at its end");
      }
      sha1 = Optional.of(input.sha1());
    } catch (IOException e) {
      throw input.unwrap(e);
    } finally {
      scan.found(slot, ArchiveIdentity.packages(fileName, poms, manifest, sha1, innerPath));
    }
  }

  /** Reads the entries; true when they were streamed to the end of the local headers. */
  private boolean walk(ArchiveInput input) throws IOException {
    try (LocalEntryReader zip = new LocalEntryReader(input)) {
      if (!zip.findEntries()) {
        if (input.bytesRead() > 0) {
          randomAccess(zip.rest());
        }
        return false;
      }
      for (LocalEntryReader.Entry entry; (entry = zip.next()) != null; ) {
        entryName = entry.name();
        scan.countEntry();
        if (entry.isDirectory() || !wanted(entry.name())) {
          continue;
        }
        if (entry.readable()) {
          handle(entry.name(), zip.content());
        } else {
          scan.warn(where, "entry not read (unsupported compression or encryption): " + display(entry.name()));
        }
      }
      return true;
    }
  }

  private void randomAccess(InputStream in) throws IOException {
    Path copy = scan.scratch().newFile(".zip");
    try {
      long copied;
      try (OutputStream out = Files.newOutputStream(copy)) {
        copied = copy(in, out, bounds.maxRandomAccessBytes() + 1);
      }
      if (copied > bounds.maxRandomAccessBytes()) {
        scan.warn(where, "not read: no zip entry in its first 64 KiB, and over " + bounds.maxRandomAccessBytes()
            + " bytes to read by its central directory");
        return;
      }
      try (ZipFile zip = new ZipFile(copy.toFile())) {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
          ZipEntry entry = entries.nextElement();
          entryName = entry.getName();
          scan.countEntry();
          if (!entry.isDirectory() && wanted(entry.getName())) {
            try (InputStream content = zip.getInputStream(entry)) {
              handle(entry.getName(), content);
            }
          }
        }
      }
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  private String atEntry() {
    return entryName.isEmpty() ? "" : " near entry " + display(entryName);
  }

  private static boolean wanted(String name) {
    return isPomProperties(name) || name.equalsIgnoreCase(MANIFEST) || JavaArchiveAnalyzer.hasArchiveSuffix(name);
  }

  private static boolean isPomProperties(String name) {
    int before = name.length() - POM_PROPERTIES.length() - 1;
    return name.endsWith(POM_PROPERTIES) && (before < 0 || name.charAt(before) == '/');
  }

  private void handle(String name, InputStream content) throws IOException {
    if (name.length() > bounds.maxEntryNameChars()) {
      scan.warn(where, "entry with a name of " + name.length() + " characters not read");
      return;
    }
    if (isPomProperties(name)) {
      byte[] bytes = readSmall(content, bounds.maxDescriptorBytes());
      if (bytes == null) {
        scan.warn(where, "not read, over " + bounds.maxDescriptorBytes() + " bytes: " + display(name));
      } else {
        PomProperties.parse(bytes).filter(p -> !poms.contains(p)).ifPresent(poms::add);
      }
    } else if (name.equalsIgnoreCase(MANIFEST)) {
      if (manifest.isEmpty()) {
        manifest = JarManifest.readMainSection(scan.charging(content), bounds.maxManifestMainSectionBytes());
        if (manifest.isEmpty()) {
          scan.warn(where, "manifest not read: its main section is over " + bounds.maxManifestMainSectionBytes()
              + " bytes");
        }
      }
    } else if (depth >= bounds.maxDepth()) {
      scan.warn(where, "not read, nested more than " + bounds.maxDepth() + " archives deep: " + display(name));
    } else {
      String path = innerPath.map(outer -> outer + "!/").orElse("") + sanitize(name);
      new ArchiveLevel(scan, depth + 1, name.substring(name.lastIndexOf('/') + 1), Optional.of(path)).read(content);
    }
  }

  /** The whole content, or null when it is over {@code limit} bytes. */
  private byte[] readSmall(InputStream content, int limit) throws IOException {
    byte[] bytes = scan.charging(content).readNBytes(limit + 1);
    return bytes.length > limit ? null : bytes;
  }

  private long copy(InputStream in, OutputStream out, long limit) throws IOException {
    long total = 0;
    for (int n; total < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total))) >= 0; ) {
      out.write(buffer, 0, n);
      total += n;
    }
    return total;
  }

  private static String describe(Exception e) {
    if (e.getMessage() == null) {
      return e instanceof EOFException ? "truncated: unexpected end of data" : e.getClass().getSimpleName();
    }
    return e.getMessage();
  }

  /** Control characters would corrupt reports and terminals; entry names are untrusted. */
  private static String sanitize(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < ' ' || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        if (out == null) {
          out = new StringBuilder(text.length()).append(text, 0, i);
        }
        out.append('?');
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  private static String display(String text) {
    String clean = sanitize(text);
    return clean.length() <= MAX_DISPLAY_CHARS ? clean : clean.substring(0, MAX_DISPLAY_CHARS) + "…";
  }
}
