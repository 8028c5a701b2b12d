package dev.bulwark.inventory.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.InputException;
import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Damaged copies of the real databases: each must either be read (a damaged record skipped with a
 * warning) or rejected with an {@link InputException} that says why; never a crash or a hang.
 */
class MalformedDatabaseTest {
  private static List<Fact> analyze(String imagePath, byte[] content) throws Exception {
    return RpmFixtures.analyze(imagePath, content);
  }

  private static void assertRejected(String imagePath, byte[] content, String reason) {
    assertThatThrownBy(() -> analyze(imagePath, content)).isInstanceOf(InputException.class)
        .hasMessageContaining("rpm database " + imagePath).hasMessageContaining(reason);
  }

  private static List<String> warnings(List<Fact> facts) {
    return facts.stream().filter(f -> f instanceof Fact.Warning).map(f -> ((Fact.Warning) f).message()).toList();
  }

  @Nested
  class Detection {
    @Test
    void rejectsAFileOfNoKnownFormat() {
      byte[] text = "this is not a database, just some text to fill a page".getBytes(StandardCharsets.US_ASCII);
      assertRejected("/var/lib/rpm/Packages", text, "not an rpm database");
      assertRejected("/var/lib/rpm/Packages", new byte[] {1, 2, 3}, "not an rpm database");
    }

    @Test
    void choosesTheBackendByContentNotName() throws Exception {
      List<Fact> facts = analyze("/var/lib/rpm/Packages", RpmFixtures.bytes("cbl-mariner-2.0/rpmdb.sqlite"));

      assertThat(AnalyzerHarness.packages(facts)).hasSize(129);
    }
  }

  @Nested
  class Sqlite {
    private static final String PATH = "/var/lib/rpm/rpmdb.sqlite";
    private static final int PAGE = 4096;
    /** The Packages table's root: an interior page of the mariner database. */
    private static final int ROOT = 2;

    private final byte[] db = RpmFixtures.bytes("cbl-mariner-2.0/rpmdb.sqlite");

    private int pageOffset(int page) {
      return (page - 1) * PAGE;
    }

    private int cellOffset(int page, int cell) {
      int header = page == 1 ? 100 : 0;
      int headerSize = db[pageOffset(page) + header] == 0x05 ? 12 : 8;
      ByteBuffer b = ByteBuffer.wrap(db);
      return pageOffset(page) + (b.getShort(pageOffset(page) + header + headerSize + 2 * cell) & 0xffff);
    }

    private int firstLeaf() {
      return ByteBuffer.wrap(db).getInt(cellOffset(ROOT, 0));
    }

    /** The first leaf (in key order) whose first row needs at least {@code pages} overflow pages. */
    private int leafWithChainOf(int pages) {
      ByteBuffer b = ByteBuffer.wrap(db);
      int cells = b.getShort(pageOffset(ROOT) + 3) & 0xffff;
      for (int i = 0; i < cells; i++) {
        int leaf = b.getInt(cellOffset(ROOT, i));
        if (payloadSize(leaf) > PAGE + (long) pages * (PAGE - 4)) {
          return leaf;
        }
      }
      throw new IllegalStateException("no row with " + pages + " overflow pages");
    }

    private long payloadSize(int leaf) {
      int at = cellOffset(leaf, 0);
      long payload = 0;
      int b;
      do {
        b = db[at++] & 0xff;
        payload = (payload << 7) | (b & 0x7f);
      } while ((b & 0x80) != 0);
      return payload;
    }

    /** Where the first overflow page number of a leaf page's first cell is stored. */
    private int overflowPointerOffset(int leaf) {
      int at = cellOffset(leaf, 0);
      long payload = 0;
      int b;
      do {
        b = db[at++] & 0xff;
        payload = (payload << 7) | (b & 0x7f);
      } while ((b & 0x80) != 0);
      do {
        b = db[at++] & 0xff;
      } while ((b & 0x80) != 0);
      int usable = PAGE;
      int minLocal = (usable - 12) * 32 / 255 - 23;
      int k = (int) (minLocal + (payload - minLocal) % (usable - 4));
      assertThat(payload).as("the fixture's first row overflows").isGreaterThan(usable - 35);
      return at + (k <= usable - 35 ? k : minLocal);
    }

    private byte[] withInt(int offset, int value) {
      byte[] copy = db.clone();
      ByteBuffer.wrap(copy).putInt(offset, value);
      return copy;
    }

    @Test
    void rejectsAChildPointerBackToTheRoot() {
      assertRejected(PATH, withInt(cellOffset(ROOT, 0), ROOT), "reached twice");
    }

    @Test
    void rejectsAChildPointerOutsideTheFile() {
      assertRejected(PATH, withInt(cellOffset(ROOT, 0), 99_999), "outside the 880-page database");
    }

    @Test
    void rejectsAPageOfTheWrongType() {
      byte[] copy = db.clone();
      copy[pageOffset(ROOT)] = 0x0a;
      assertRejected(PATH, copy, "not a table b-tree page");
    }

    @Test
    void rejectsMoreCellsThanFitOnAPage() {
      byte[] copy = db.clone();
      copy[pageOffset(ROOT) + 3] = (byte) 0xff;
      copy[pageOffset(ROOT) + 4] = (byte) 0xff;
      assertRejected(PATH, copy, "more than fit");
    }

    @Test
    void rejectsAnInvalidPageSize() {
      byte[] copy = db.clone();
      copy[16] = 0x03;
      copy[17] = (byte) 0xe8;
      assertRejected(PATH, copy, "invalid page size 1000");
    }

    @Test
    void rejectsATruncatedFile() {
      assertRejected(PATH, Arrays.copyOf(db, db.length / 2), "truncated");
      assertRejected(PATH, Arrays.copyOf(db, 64), "shorter than the 100-byte database header");
    }

    @Test
    void rejectsAnOverflowChainThatRunsIntoTheBtree() {
      assertRejected(PATH, withInt(overflowPointerOffset(firstLeaf()), ROOT), "reached twice");
    }

    @Test
    void rejectsAnOverflowChainThatLoops() {
      int at = overflowPointerOffset(leafWithChainOf(3));
      int first = ByteBuffer.wrap(db).getInt(at);
      assertRejected(PATH, withInt(pageOffset(first), first), "reached twice");
    }

    @Test
    void skipsARowWhoseOverflowChainLeavesTheFile() throws Exception {
      List<Fact> facts = analyze(PATH, withInt(overflowPointerOffset(firstLeaf()), 99_999));

      assertThat(AnalyzerHarness.packages(facts)).hasSize(128);
      assertThat(warnings(facts)).singleElement().asString().contains("skipped", "outside the database");
    }

    @Test
    void skipsARowWhoseHeaderIsMalformed() throws Exception {
      // The first leaf's only row: after the two cell varints comes the record header (its size,
      // then the serial types), then hnum (NULL) and the blob, whose first word is its entry count.
      int at = cellOffset(firstLeaf(), 0);
      for (int varints = 0; varints < 2; at++) {
        if ((db[at] & 0x80) == 0) {
          varints++;
        }
      }
      int blob = at + db[at];

      List<Fact> facts = analyze(PATH, withInt(blob, 0x00ffffff));
      assertThat(AnalyzerHarness.packages(facts)).hasSize(128);
      assertThat(warnings(facts)).singleElement().asString()
          .matches("rpm database /var/lib/rpm/rpmdb.sqlite: row \\d+ skipped: header index count 16777215 .*");
    }

    @Test
    void rejectsADatabaseOfOnlyUnreadableRows() {
      // The generated database's rows are small and do not overflow: damage each row's header.
      byte[] copy = RpmFixtures.bytes("rpm418-generated/rpmdb.sqlite");
      byte[] marker = {0, 0, 0, 0x3f, 0, 0, 0, 7}; // region tag 63 (immutable), type BIN: starts each blob
      int damaged = 0;
      for (int i = 8; i + marker.length <= copy.length; i++) {
        if (Arrays.equals(copy, i, i + marker.length, marker, 0, marker.length)) {
          copy[i - 5] = 0x7f; // the entry count just before: now far larger than the blob
          damaged++;
        }
      }
      // Three live rows, and older copies in pages sqlite has freed.
      assertThat(damaged).isGreaterThanOrEqualTo(3);
      assertRejected(PATH, copy, "none of its 3 package records is readable");
    }
  }

  @Nested
  class BerkeleyDb {
    private static final String PATH = "/var/lib/rpm/Packages";
    private static final int PAGE = 4096;
    /** libuuid: page 2 holds the package's off-page item; pages 3 to 22 its overflow chain. */
    private static final int HASH_PAGE = 2;

    private final byte[] db = RpmFixtures.bytes("libuuid/Packages");

    private byte[] withInt(int offset, int value) {
      byte[] copy = db.clone();
      ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
      return copy;
    }

    private byte[] withShort(int offset, int value) {
      byte[] copy = db.clone();
      ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putShort(offset, (short) value);
      return copy;
    }

    private int dataItem() {
      return HASH_PAGE * PAGE
          + (ByteBuffer.wrap(db).order(ByteOrder.LITTLE_ENDIAN).getShort(HASH_PAGE * PAGE + 26 + 2) & 0xffff);
    }

    @Test
    void readsBigEndianDatabasesLikeLittleEndianOnes() throws Exception {
      for (String fixture : List.of("libuuid", "packages-epoch")) {
        byte[] bigEndian = BerkeleyByteSwap.toBigEndian(RpmFixtures.bytes(fixture + "/Packages"));
        assertThat(bigEndian[12]).as("big-endian magic").isEqualTo((byte) 0x00);

        List<Fact> facts = analyze(PATH, bigEndian);
        assertThat(warnings(facts)).isEmpty();
        assertThat(RpmFixtures.lines(AnalyzerHarness.packages(facts)))
            .containsExactlyElementsOf(RpmFixtures.expectedLines(fixture + "/expected.tsv"));
      }
    }

    @Test
    void rejectsAnOverflowChainThatLoops() {
      assertRejected(PATH, withInt(10 * PAGE + 16, 4), "reached twice");
    }

    @Test
    void reportsAnOverflowChainThatLeavesTheFile() {
      assertRejected(PATH, withInt(10 * PAGE + 16, 9_999), "overflow page 9999 is outside the database");
    }

    @Test
    void reportsAnItemLongerThanAnyHeader() {
      assertRejected(PATH, withInt(dataItem() + 8, Integer.MAX_VALUE), "over the limit");
    }

    @Test
    void reportsAChainShorterThanItsItem() {
      assertRejected(PATH, withInt(dataItem() + 8, 100_000), "overflow chain holds");
    }

    @Test
    void rejectsAPageCountPastTheFile() {
      assertRejected(PATH, withInt(32, 100_000), "truncated");
      assertRejected(PATH, withInt(32, -1), "truncated");
    }

    @Test
    void rejectsEncryptedAndChecksummedDatabases() {
      byte[] encrypted = db.clone();
      encrypted[24] = 1;
      byte[] checksummed = db.clone();
      checksummed[26] = 1;
      assertRejected(PATH, encrypted, "encrypted");
      assertRejected(PATH, checksummed, "checksummed");
    }

    @Test
    void rejectsAnInvalidPageSize() {
      assertRejected(PATH, withInt(20, 1000), "invalid page size 1000");
    }

    @Test
    void rejectsABrokenHashPage() {
      assertRejected(PATH, withShort(HASH_PAGE * PAGE + 20, 3), "invalid entry count 3");
      assertRejected(PATH, withShort(HASH_PAGE * PAGE + 20, 5000), "invalid entry count 5000");
      assertRejected(PATH, withShort(HASH_PAGE * PAGE + 26, 5), "outside the page");
    }

    @Test
    void rejectsAMetadataPageOfAnotherAccessMethod() {
      byte[] copy = db.clone();
      copy[25] = 9; // btree metadata
      assertRejected(PATH, copy, "not hash metadata");
    }
  }

  @Nested
  class Ndb {
    private static final String PATH = "/usr/lib/sysimage/rpm/Packages.db";
    private static final int SLOTS = 32;

    private final byte[] db = RpmFixtures.bytes("sle15-bci/Packages.db");

    private ByteBuffer le(byte[] bytes) {
      return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private int slotField(int slot, int field) {
      return le(db).getInt(SLOTS + 16 * slot + 4 * field);
    }

    private byte[] withInt(int offset, int value) {
      byte[] copy = db.clone();
      le(copy).putInt(offset, value);
      return copy;
    }

    @Test
    void skipsABlobWhoseChecksumFails() throws Exception {
      byte[] copy = db.clone();
      copy[slotField(0, 2) * 16 + 100] ^= 0x20;

      List<Fact> facts = analyze(PATH, copy);
      assertThat(AnalyzerHarness.packages(facts)).hasSize(34);
      assertThat(warnings(facts)).singleElement().asString().contains("package 1 skipped", "checksum mismatch");
    }

    @Test
    void skipsABlobThatBelongsToAnotherSlot() throws Exception {
      List<Fact> facts = analyze(PATH, withInt(slotField(1, 2) * 16 + 4, 77));

      assertThat(AnalyzerHarness.packages(facts)).hasSize(34);
      assertThat(warnings(facts)).singleElement().asString().contains("does not match its slot");
    }

    @Test
    void rejectsABrokenSlot() {
      assertRejected(PATH, withInt(SLOTS, 0), "bad slot magic");
      assertRejected(PATH, withInt(SLOTS + 4, 0), "invalid slot");
    }

    @Test
    void rejectsOverlappingBlobs() {
      assertRejected(PATH, withInt(SLOTS + 16 + 8, slotField(0, 2)), "overlaps");
    }

    @Test
    void rejectsABlobPastTheEnd() {
      assertRejected(PATH, withInt(SLOTS + 12, Integer.MAX_VALUE), "runs past the end");
      assertRejected(PATH, Arrays.copyOf(db, db.length - 4096), "runs past the end");
    }

    @Test
    void rejectsABadHeader() {
      assertRejected(PATH, withInt(4, 1), "unsupported version 1");
      assertRejected(PATH, withInt(12, 0), "slot page count 0");
      assertRejected(PATH, withInt(12, -1), "slot page count 4294967295");
      assertRejected(PATH, withInt(12, 400), "truncated");
      assertRejected(PATH, Arrays.copyOf(db, 20), "shorter than its header");
    }
  }
}
