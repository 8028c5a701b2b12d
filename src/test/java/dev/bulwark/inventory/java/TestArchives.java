package dev.bulwark.inventory.java;

import dev.bulwark.inventory.AnalyzedFile;
import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.io.Scratch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Archives and files for the Java archive tests. */
final class TestArchives {
  private TestArchives() {}

  /** A fixture file under {@code inventory/java/}. */
  static Path fixture(String relative) {
    try {
      return Path.of(TestArchives.class.getResource("/inventory/java/" + relative).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(fixture(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String relative) {
    return new String(bytes(relative), StandardCharsets.UTF_8);
  }

  static Map<String, byte[]> entries(Object... nameThenContent) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < nameThenContent.length; i += 2) {
      Object content = nameThenContent[i + 1];
      entries.put((String) nameThenContent[i],
          content instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) content);
    }
    return entries;
  }

  /**
   * A zip as the JDK's {@code jar} tool writes it: DEFLATED entries whose sizes follow their data
   * in a data descriptor, so a streaming reader must inflate them to find their end.
   */
  static byte[] streamedZip(Map<String, byte[]> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A zip as Maven's archiver writes it: DEFLATED entries with their sizes in the local header. */
  static byte[] seekableZip(Map<String, byte[]> entries, Path dir) throws IOException {
    Path file = Files.createTempFile(dir, "zip", ".zip");
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        zip.putArchiveEntry(new ZipArchiveEntry(entry.getKey()));
        zip.write(entry.getValue());
        zip.closeArchiveEntry();
      }
    }
    return Files.readAllBytes(file);
  }

  /**
   * A zip whose entries are STORED yet carry a data descriptor (as Go's archive/zip writes them),
   * written by hand since Java's writers do not produce them.
   */
  static byte[] storedWithDescriptors(Map<String, byte[]> entries) {
    return withDescriptors(entries, false, true);
  }

  /**
   * A zip whose entries all have data descriptors, DEFLATED or STORED, with or without the
   * descriptor's optional signature (older writers omit it).
   */
  static byte[] withDescriptors(Map<String, byte[]> entries, boolean deflate, boolean signature) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream central = new ByteArrayOutputStream();
    short method = (short) (deflate ? 8 : 0);
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      byte[] name = entry.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] content = entry.getValue();
      byte[] data = deflate ? deflate(content) : content;
      CRC32 crc = new CRC32();
      crc.update(content);
      int offset = out.size();
      out.writeBytes(header(0x04034b50, 30 + name.length, b -> b.putShort((short) 20).putShort((short) 8)
          .putShort(method).putInt(0).putInt(0).putInt(0).putInt(0).putShort((short) name.length)
          .putShort((short) 0)));
      out.writeBytes(name);
      out.writeBytes(data);
      byte[] descriptor = header(0x08074b50, 16, b -> b.putInt((int) crc.getValue()).putInt(data.length)
          .putInt(content.length));
      out.writeBytes(signature ? descriptor : Arrays.copyOfRange(descriptor, 4, 16));
      central.writeBytes(header(0x02014b50, 46 + name.length, b -> b.putShort((short) 20).putShort((short) 20)
          .putShort((short) 8).putShort(method).putInt(0).putInt((int) crc.getValue()).putInt(data.length)
          .putInt(content.length).putShort((short) name.length).putShort((short) 0).putShort((short) 0)
          .putShort((short) 0).putShort((short) 0).putInt(0).putInt(offset)));
      central.writeBytes(name);
    }
    int centralOffset = out.size();
    out.writeBytes(central.toByteArray());
    out.writeBytes(header(0x06054b50, 22, b -> b.putShort((short) 0).putShort((short) 0)
        .putShort((short) entries.size()).putShort((short) entries.size()).putInt(central.size())
        .putInt(centralOffset).putShort((short) 0)));
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] content) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(content);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }

  /** A zip with STORED entries of known size, as Spring Boot writes its nested jars. */
  static byte[] storedZip(Map<String, byte[]> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        ZipEntry e = new ZipEntry(entry.getKey());
        CRC32 crc = new CRC32();
        crc.update(entry.getValue());
        e.setMethod(ZipEntry.STORED);
        e.setSize(entry.getValue().length);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(entry.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] header(int signature, int length, java.util.function.Consumer<ByteBuffer> fields) {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN).putInt(signature);
    fields.accept(buffer);
    return Arrays.copyOf(buffer.array(), buffer.position());
  }

  static byte[] pom(String groupId, String artifactId, String version) {
    return ("groupId=" + groupId + "\nartifactId=" + artifactId + "\nversion=" + version + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  static String sha1(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Fact> analyze(JavaArchiveAnalyzer analyzer, String path, byte[] content) throws IOException {
    return AnalyzerHarness.analyze(analyzer, path, content);
  }

  static List<PackageRecord> packages(List<Fact> facts) {
    return AnalyzerHarness.packages(facts);
  }

  static List<String> warnings(List<Fact> facts) {
    return facts.stream().filter(f -> f instanceof Fact.Warning).map(f -> ((Fact.Warning) f).message()).toList();
  }

  /** {@code name version} of each package, for compact assertions. */
  static List<String> coordinates(List<Fact> facts) {
    return packages(facts).stream().map(p -> p.name() + " " + p.version()).toList();
  }

  /** A file that can only be streamed: {@code file()} and the scratch directory fail the test. */
  static AnalyzedFile streamOnly(String path, InputStream content, long size) {
    return new AnalyzedFile() {
      private boolean opened;

      @Override
      public String path() {
        return path;
      }

      @Override
      public long size() {
        return size;
      }

      @Override
      public int mode() {
        return 0644;
      }

      @Override
      public InputStream open() {
        if (opened) {
          throw new IllegalStateException("opened twice");
        }
        opened = true;
        return content;
      }

      @Override
      public Path file() {
        throw new AssertionError("file() called: the archive was spilled to disk");
      }

      @Override
      public byte[] readAll(long limit) {
        throw new AssertionError("readAll() called: the archive was held in memory");
      }

      @Override
      public Scratch scratch() {
        throw new AssertionError("scratch() called: the archive was spilled to disk");
      }
    };
  }
}
