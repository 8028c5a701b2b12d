package dev.bulwark.inventory.elf;

import static dev.bulwark.inventory.elf.ElfBuilder.framed;
import static dev.bulwark.inventory.elf.ElfBuilder.inlineBuildInfo;
import static dev.bulwark.inventory.elf.ElfBuilder.pointerBuildInfo;
import static dev.bulwark.inventory.elf.ElfBuilder.stringHeader;
import static dev.bulwark.inventory.elf.ElfBuilder.uvarint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Hand-made executables for what no real linker writes: cut, lying and hostile build information. */
class MalformedExecutableTest {
  private static final String MODINFO =
      "path\texample.com/app\nmod\texample.com/app\tv1.0.0\t\ndep\tx.example/y\tv0.1.0\th1:a=\n";

  private static List<Fact> analyze(byte[] file) {
    return ExecutableFixtures.analyze("/usr/bin/app", file);
  }

  private static List<String> names(List<Fact> facts) {
    return AnalyzerHarness.packages(facts).stream().map(p -> p.name() + "@" + p.version()).toList();
  }

  private static List<String> warnings(List<Fact> facts) {
    return facts.stream().filter(f -> f instanceof Fact.Warning).map(f -> ((Fact.Warning) f).message()).toList();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** A file with one writable segment at 0x2000 holding {@code blob} at {@code offset}. */
  private static byte[] withData(long offset, byte[] blob, int size) {
    return new ElfBuilder().load(0, 0x400000, 0x1000, ElfBuilder.RX)
        .load(0x2000, 0x402000, size - 0x2000, ElfBuilder.RW).put(offset, blob).build(size);
  }

  @Nested
  class GoInlineFormat {
    @Test
    void isReadFromAWritableSegment() {
      List<Fact> facts = analyze(withData(0x2000, inlineBuildInfo("go1.22.1", framed(MODINFO)), 0x4000));
      assertThat(names(facts)).containsExactly("example.com/app@v1.0.0", "x.example/y@v0.1.0", "stdlib@v1.22.1");
      assertThat(warnings(facts)).isEmpty();
    }

    @Test
    void isIgnoredOffTheSixteenByteGrid() {
      assertThat(analyze(withData(0x2008, inlineBuildInfo("go1.22.1", framed(MODINFO)), 0x4000))).isEmpty();
    }

    @Test
    void isIgnoredInReadOnlyData() {
      byte[] file = new ElfBuilder().load(0, 0x400000, 0x4000, ElfBuilder.R)
          .put(0x2000, inlineBuildInfo("go1.22.1", framed(MODINFO))).build(0x4000);
      assertThat(analyze(file)).isEmpty();
    }

    @Test
    void skipsTheMagicStringThatProgramsReadingBuildInfoContain() {
      byte[] literal = concat(ElfBuilder.MAGIC, "\"\\x00 and more string data".getBytes(StandardCharsets.US_ASCII));
      byte[] file = new ElfBuilder().load(0, 0x400000, 0x1000, ElfBuilder.RX)
          .load(0x2000, 0x402000, 0x2000, ElfBuilder.RW).put(0x2000, literal)
          .put(0x2100, inlineBuildInfo("go1.22.1", framed(MODINFO))).build(0x4000);
      List<Fact> facts = analyze(file);
      assertThat(warnings(facts)).isEmpty();
      assertThat(names(facts)).contains("stdlib@v1.22.1");
    }

    @Test
    void withoutFramingHasNoModules() {
      byte[] unframed = MODINFO.getBytes(StandardCharsets.UTF_8);
      List<Fact> facts = analyze(withData(0x2000, inlineBuildInfo("go1.22.1", unframed), 0x4000));
      assertThat(names(facts)).containsExactly("stdlib@v1.22.1");
    }

    @Test
    void cutOffInItsHeaderIsAWarning() {
      byte[] file = withData(0x3FF0, inlineBuildInfo("go1.22.1", framed(MODINFO)), 0x4000);
      assertThat(warnings(analyze(file)))
          .containsExactly("Go build info at offset 16368 is cut off by the end of the file");
    }

    @Test
    void anOverflowingVarintIsAWarning() {
      byte[] blob = concat(Arrays.copyOf(inlineBuildInfo("", new byte[0]), 32), filled(10, (byte) 0xFF));
      assertThat(warnings(analyze(withData(0x2000, blob, 0x4000))))
          .containsExactly("Go build info at offset 8192: unreadable version length");
    }

    @Test
    void aHugeOrEmptyVersionIsAWarning() {
      for (long length : new long[] {1L << 40, 0, GoBuildInfoProbe.MAX_VERSION_BYTES + 1}) {
        byte[] header = Arrays.copyOf(inlineBuildInfo("", new byte[0]), 32);
        byte[] blob = concat(header, uvarint(length), filled(64, (byte) 'g'));
        assertThat(warnings(analyze(withData(0x2000, blob, 0x4000)))).as("length %d", length)
            .containsExactly("Go build info at offset 8192: version length " + length + " is out of bounds");
      }
    }

    @Test
    void moduleInformationPastTheEndOfTheFileIsAWarning() {
      byte[] blob = concat(Arrays.copyOf(inlineBuildInfo("go1.22.1", new byte[0]), 41), uvarint(1_000_000));
      assertThat(warnings(analyze(withData(0x2000, blob, 0x4000)))).containsExactly(
          "Go build info at offset 8192: module information of 1000000 bytes runs past the end of the file");
    }

    @Test
    void moduleInformationOverTheLimitIsAWarning() {
      long length = GoBuildInfoProbe.MAX_MODINFO_BYTES + 1L;
      byte[] blob = concat(Arrays.copyOf(inlineBuildInfo("go1.22.1", new byte[0]), 41), uvarint(length));
      assertThat(warnings(analyze(withData(0x2000, blob, 0x4000)))).containsExactly("Go build info at offset 8192: "
          + "module information of " + length + " bytes exceeds the limit of " + GoBuildInfoProbe.MAX_MODINFO_BYTES);
    }
  }

  @Nested
  class GoPointerFormat {
    private static final byte[] VERSION = "go1.16.3".getBytes(StandardCharsets.US_ASCII);

    /**
     * Read-only data at 0x1000 (vaddr 0x401000) with the strings; writable data at 0x80000 (vaddr
     * 0x480000), well past the scan window, with the header and the two string headers after it, as
     * Go's linker lays them out.
     */
    private ElfBuilder layout(byte[] versionHeader, byte[] modHeader) {
      return new ElfBuilder().goNote().load(0x1000, 0x401000, 0x1000, ElfBuilder.R)
          .load(0x80000, 0x480000, 0x1000, ElfBuilder.RW)
          .put(0x1100, concat("xxgo1.".getBytes(StandardCharsets.US_ASCII), VERSION)).put(0x1200, framed(MODINFO))
          .put(0x80000, pointerBuildInfo(0x480020, 0x480030)).put(0x80020, versionHeader).put(0x80030, modHeader);
    }

    private static final int SIZE = 0x82000;

    @Test
    void resolvesStringsLongPassedWhenTheHeaderIsRead() {
      assertThat(0x80000 - 0x1200).isGreaterThan(ByteScan.WINDOW);
      byte[] file = layout(stringHeader(0x401106, VERSION.length), stringHeader(0x401200, framed(MODINFO).length))
          .build(SIZE);
      List<Fact> facts = analyze(file);
      assertThat(warnings(facts)).isEmpty();
      assertThat(names(facts)).containsExactly("example.com/app@v1.0.0", "x.example/y@v0.1.0", "stdlib@v1.16.3");
    }

    @Test
    void resolvesStringsAheadOfTheHeader() {
      byte[] file = layout(stringHeader(0x480800, VERSION.length), stringHeader(0x480900, framed(MODINFO).length))
          .put(0x80800, VERSION).put(0x80900, framed(MODINFO)).build(SIZE);
      assertThat(names(analyze(file)))
          .containsExactly("example.com/app@v1.0.0", "x.example/y@v0.1.0", "stdlib@v1.16.3");
    }

    @Test
    void aStringThatWasNotKeptIsAWarning() {
      byte[] file = layout(stringHeader(0x401100, VERSION.length), stringHeader(0x401200, framed(MODINFO).length))
          .build(SIZE);
      assertThat(warnings(analyze(file))).containsExactly("Go build info (before Go 1.18) at offset 524288: "
          + "version string at offset 4352 was not among the strings kept while reading");
    }

    @Test
    void anUnmappedAddressIsAWarning() {
      byte[] file = layout(stringHeader(0x401106, VERSION.length), stringHeader(0x7777000, 10)).build(SIZE);
      assertThat(warnings(analyze(file))).containsExactly(
          "Go build info (before Go 1.18) at offset 524288: string address 0x7777000 is not in a loaded segment");
    }

    @Test
    void aHugeLengthIsAWarning() {
      byte[] file =
          layout(stringHeader(0x401106, 1L << 40), stringHeader(0x401200, framed(MODINFO).length)).build(SIZE);
      assertThat(warnings(analyze(file))).containsExactly(
          "Go build info (before Go 1.18) at offset 524288: string length 1099511627776 is out of bounds");
    }

    @Test
    void withoutTheGoNoteIsAWarning() {
      byte[] file = new ElfBuilder().load(0x1000, 0x401000, 0x1000, ElfBuilder.R)
          .load(0x3000, 0x403000, 0x1000, ElfBuilder.RW).put(0x3000, pointerBuildInfo(0x403020, 0x403030))
          .build(0x5000);
      assertThat(warnings(analyze(file))).singleElement().asString()
          .endsWith("no Go build ID note at the start of the file, so its strings were not kept");
    }

    @Test
    void inPortableExecutablesIsAWarning() {
      byte[] file = new byte[0x2000];
      file[0] = 'M';
      file[1] = 'Z';
      System.arraycopy(pointerBuildInfo(0x403020, 0x403030), 0, file, 0x1000, 32);
      assertThat(warnings(analyze(file))).containsExactly("Go build info (before Go 1.18) at offset 4096: "
          + "its strings are only resolved in ELF executables, not in PE");
    }
  }

  @Nested
  class CargoAudit {
    private static final String JSON =
        "{\"packages\":[{\"name\":\"app\",\"version\":\"0.1.0\",\"source\":\"local\",\"root\":true}]}";

    /** Code and data loaded from the first 0x2000 bytes; {@code tail} after them, where .dep-v0 lies. */
    private static byte[] withTail(byte[] tail, int size) {
      return new ElfBuilder().load(0, 0x400000, 0x1000, ElfBuilder.RX).load(0x1000, 0x401000, 0x1000, ElfBuilder.RW)
          .put(0x2345, tail).build(size);
    }

    @Test
    void isFoundAfterTheLoadedSegments() {
      byte[] stream = zlib(JSON.getBytes(StandardCharsets.UTF_8), 7);
      assertThat(names(analyze(withTail(stream, 0x3000)))).containsExactly("app@0.1.0");
    }

    @Test
    void isNotLookedForInsideLoadedSegments() {
      byte[] file = new ElfBuilder().load(0, 0x400000, 0x3000, ElfBuilder.R)
          .put(0x2345, zlib(JSON.getBytes(StandardCharsets.UTF_8), 7)).build(0x3000);
      assertThat(analyze(file)).isEmpty();
    }

    @Test
    void aDecompressionBombStopsAtTheLimit() {
      byte[] opening = "{\"packages\":[".getBytes(StandardCharsets.US_ASCII);
      byte[] bomb = zlib(concat(opening, filled(64 << 20, (byte) ' ')), 9);
      assertThat(bomb.length).isLessThan(1 << 20);
      List<Fact> facts = analyze(withTail(bomb, 0x2345 + bomb.length + 100));
      assertThat(warnings(facts)).containsExactly(
          "cargo-auditable data at offset 9029 inflates past the limit of " + AuditDataProbe.MAX_JSON_BYTES + " bytes");
      assertThat(AnalyzerHarness.packages(facts)).isEmpty();
    }

    @Test
    void aCutStreamIsAWarning() {
      byte[] stream = zlib(JSON.repeat(40).getBytes(StandardCharsets.UTF_8), 7);
      byte[] cut = Arrays.copyOf(stream, stream.length / 2);
      assertThat(warnings(analyze(withTail(cut, 0x2345 + cut.length))))
          .containsExactly("cargo-auditable data at offset 9029 is cut off by the end of the file");
    }

    @Test
    void aCorruptStreamIsAWarning() {
      byte[] stream = zlib(JSON.repeat(40).getBytes(StandardCharsets.UTF_8), 0);
      Arrays.fill(stream, 200, stream.length, (byte) 0xFF); // stored blocks: the second block header is invalid
      assertThat(warnings(analyze(withTail(stream, 0x3000)))).singleElement().asString()
          .startsWith("cargo-auditable data at offset 9029 is not valid zlib data");
    }

    @Test
    void invalidJsonIsAWarning() {
      byte[] stream = zlib("{\"packages\":[{\"name\":\"app\",".getBytes(StandardCharsets.UTF_8), 7);
      assertThat(warnings(analyze(withTail(stream, 0x3000)))).singleElement().asString()
          .startsWith("cargo-auditable data is not valid JSON");
    }
  }

  @Nested
  class Robustness {
    @Test
    void randomExecutablesWithPlantedMarkersNeverFail() {
      Random random = new Random(42);
      byte[][] markers = {ElfBuilder.MAGIC, inlineBuildInfo("go1.22.1", framed(MODINFO)),
          pointerBuildInfo(0x401000, 0x402000), zlib("{\"packages\":[]}".getBytes(StandardCharsets.US_ASCII), 7),
          GoStringRetention.INFO_START, "go1.15".getBytes(StandardCharsets.US_ASCII)};
      byte[][] magics = {{0x7F, 'E', 'L', 'F', 2, 1}, {0x7F, 'E', 'L', 'F', 1, 2}, {'M', 'Z'},
          {(byte) 0xCF, (byte) 0xFA, (byte) 0xED, (byte) 0xFE}};
      for (int round = 0; round < 300; round++) {
        byte[] file = new byte[200 + random.nextInt(600_000)];
        random.nextBytes(file);
        byte[] magic = magics[round % magics.length];
        System.arraycopy(magic, 0, file, 0, magic.length);
        for (int k = 0; k < 20; k++) {
          byte[] marker = markers[random.nextInt(markers.length)];
          int at = random.nextInt(file.length) & ~15;
          System.arraycopy(marker, 0, file, at, Math.min(marker.length, file.length - at));
        }
        List<Fact> facts = analyze(file);
        assertThat(facts).as("round %d", round)
            .allMatch(f -> f instanceof Fact.Warning || f instanceof Fact.FoundPackage);
      }
    }

    @Test
    void programHeaderOffsetsNearTheTopOfTheRangeDoNotOverflow() {
      byte[] file = withData(0x2000, inlineBuildInfo("go1.22.1", framed(MODINFO)), 0x4000);
      ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(0x20, Long.MAX_VALUE - 16);
      assertThat(AnalyzerHarness.packages(analyze(file))).extracting(PackageRecord::name).contains("stdlib");
    }

    @Test
    void lyingProgramHeadersLeaveTheLayoutUnknown() {
      byte[] file = withData(0x2000, inlineBuildInfo("go1.22.1", framed(MODINFO)), 0x4000);
      file[0x20] = (byte) 0xF0; // e_phoff far past the window
      file[0x38] = (byte) 0xFF; // e_phnum
      file[0x39] = (byte) 0xFF;
      // Without program headers the whole file is searched, and the build info is still found.
      assertThat(AnalyzerHarness.packages(analyze(file))).extracting(PackageRecord::name).contains("stdlib");
    }
  }

  private static byte[] filled(int length, byte value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, value);
    return bytes;
  }

  static byte[] zlib(byte[] data, int level) {
    Deflater deflater = new Deflater(level);
    deflater.setInput(data);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[65536];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }
}
