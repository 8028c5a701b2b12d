package dev.bulwark.inventory.rpm;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.OptionalLong;

/**
 * Reads the {@code Packages} table of rpm's sqlite database ({@code Packages(hnum INTEGER PRIMARY
 * KEY, blob BLOB)}) with a minimal read-only reader of the sqlite file format: the database
 * header, table b-trees (interior and leaf pages), records and overflow chains. Nothing else of
 * sqlite is needed: rpm's indexes are not read, and the write-ahead log is a separate file.
 *
 * <p>Bounds: the b-tree may not be deeper than {@link #MAX_BTREE_DEPTH}, no page may be reached
 * twice (as b-tree page or overflow page: a cycle or a shared chain ends the read), page numbers
 * must lie inside the file, and a record may not exceed {@link #MAX_RECORD_BYTES}. So a scan reads
 * each page at most once.
 */
final class SqlitePackages {
  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  /** sqlite never builds a b-tree deeper than 20 levels ({@code BTCURSOR_MAX_DEPTH}). */
  static final int MAX_BTREE_DEPTH = 20;
  /** The largest record read: one header blob plus its record header. */
  static final int MAX_RECORD_BYTES = RpmHeader.MAX_HEADER_BYTES + 64;

  private static final String TABLE = "Packages";
  private static final int HEADER_BYTES = 100;
  private static final int LEAF_TABLE = 0x0d;
  private static final int INTERIOR_TABLE = 0x05;

  private final DatabaseFile file;
  private final int pageSize;
  private final int usable;
  private final long pageCount;
  private final Charset text;

  private SqlitePackages(DatabaseFile file, int pageSize, int usable, long pageCount, Charset text) {
    this.file = file;
    this.pageSize = pageSize;
    this.usable = usable;
    this.pageCount = pageCount;
    this.text = text;
  }

  /** Whether the first 16 bytes of a file are sqlite's magic string. */
  static boolean hasMagic(byte[] start) {
    return java.util.Arrays.equals(start, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  static void read(DatabaseFile file, BlobVisitor visitor) throws IOException {
    SqlitePackages db = open(file);
    OptionalLong root = db.findTable();
    if (root.isEmpty()) {
      visitor.note("sqlite database without a " + TABLE + " table: no packages recorded");
      return;
    }
    db.walk(root.getAsLong(), 0, new BitSet(), new RowSink() {
      @Override
      public void row(long rowid, byte[] payload) {
        try {
          SqliteRecord record = SqliteRecord.parse(payload, 2);
          if (record.columns() < 2 || !record.isBlob(1) || record.length(1) == 0) {
            visitor.unreadable("row " + rowid, "no header blob in the second column");
          } else {
            visitor.blob("row " + rowid, record.bytes(1));
          }
        } catch (SqliteRecord.Malformed e) {
          visitor.unreadable("row " + rowid, e.getMessage());
        }
      }

      @Override
      public void unreadable(long rowid, String reason) {
        visitor.unreadable("row " + rowid, reason);
      }
    });
  }

  private static SqlitePackages open(DatabaseFile file) throws IOException {
    if (file.size() < HEADER_BYTES) {
      throw file.corrupt("sqlite: shorter than the 100-byte database header");
    }
    byte[] h = file.read(0, HEADER_BYTES);
    int pageSize = u16(h, 16) == 1 ? 65536 : u16(h, 16);
    if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
      throw file.corrupt("sqlite: invalid page size " + pageSize);
    }
    int usable = pageSize - (h[20] & 0xff);
    if (usable < 480) {
      throw file.corrupt("sqlite: usable page size " + usable + " is below 480");
    }
    if ((h[21] & 0xff) != 64 || (h[22] & 0xff) != 32 || (h[23] & 0xff) != 32) {
      throw file.corrupt("sqlite: unexpected payload fractions");
    }
    long inHeader = u32(h, 28);
    long inFile = file.size() / pageSize;
    boolean headerCountValid = inHeader != 0 && u32(h, 24) == u32(h, 92);
    if (headerCountValid && inHeader > inFile) {
      throw file.corrupt("sqlite: truncated: the header counts " + inHeader + " pages, the file holds " + inFile);
    }
    Charset text = switch ((int) u32(h, 56)) {
      case 0, 1 -> StandardCharsets.UTF_8;
      case 2 -> StandardCharsets.UTF_16LE;
      case 3 -> StandardCharsets.UTF_16BE;
      default -> throw file.corrupt("sqlite: unknown text encoding " + u32(h, 56));
    };
    return new SqlitePackages(file, pageSize, usable, headerCountValid ? inHeader : inFile, text);
  }

  /** The root page of the Packages table, from the schema table rooted at page 1. */
  private OptionalLong findTable() throws IOException {
    long[] root = {-1};
    walk(1, 0, new BitSet(), new RowSink() {
      @Override
      public void row(long rowid, byte[] payload) {
        SqliteRecord record;
        try {
          record = SqliteRecord.parse(payload, 4);
        } catch (SqliteRecord.Malformed e) {
          throw file.corrupt("sqlite: schema row " + rowid + ": " + e.getMessage());
        }
        if (record.columns() >= 4 && record.isText(0) && record.isText(1)
            && record.text(0, text).equals("table") && record.text(1, text).equalsIgnoreCase(TABLE)) {
          if (!record.isInteger(3) || record.integer(3) < 1 || record.integer(3) > pageCount) {
            throw file.corrupt("sqlite: " + TABLE + " table has no valid root page");
          }
          root[0] = record.integer(3);
        }
      }

      @Override
      public void unreadable(long rowid, String reason) {
        throw file.corrupt("sqlite: schema row " + rowid + ": " + reason);
      }
    });
    return root[0] < 0 ? OptionalLong.empty() : OptionalLong.of(root[0]);
  }

  /** Receives the rows of a table b-tree. */
  private interface RowSink {
    void row(long rowid, byte[] payload);

    /** A row whose payload cannot be assembled (too large, or its overflow chain leaves the file). */
    void unreadable(long rowid, String reason);
  }

  /** Visits the rows of the table b-tree at {@code page} in key order. */
  private void walk(long page, int depth, BitSet visited, RowSink rows) throws IOException {
    if (depth > MAX_BTREE_DEPTH) {
      throw file.corrupt("sqlite: b-tree deeper than " + MAX_BTREE_DEPTH + " levels");
    }
    if (page < 1 || page > pageCount) {
      throw file.corrupt("sqlite: page number " + page + " is outside the " + pageCount + "-page database");
    }
    if (visited.get((int) page)) {
      throw file.corrupt("sqlite: page " + page + " is reached twice in one b-tree (a cycle)");
    }
    visited.set((int) page);
    byte[] b = file.read((page - 1) * pageSize, pageSize);
    int h = page == 1 ? HEADER_BYTES : 0;
    int type = b[h] & 0xff;
    if (type != LEAF_TABLE && type != INTERIOR_TABLE) {
      throw file.corrupt("sqlite: page " + page + " is not a table b-tree page (type " + type + ")");
    }
    boolean leaf = type == LEAF_TABLE;
    int cells = u16(b, h + 3);
    int pointers = h + (leaf ? 8 : 12);
    int contentStart = pointers + 2 * cells;
    if (contentStart > usable) {
      throw file.corrupt("sqlite: page " + page + " declares " + cells + " cells, more than fit");
    }
    for (int i = 0; i < cells; i++) {
      int cell = u16(b, pointers + 2 * i);
      if (cell < contentStart || cell >= usable) {
        throw file.corrupt("sqlite: page " + page + " cell " + i + " offset " + cell + " is outside the page");
      }
      if (leaf) {
        leafCell(page, b, cell, visited, rows);
      } else {
        if (cell + 4 > usable) {
          throw file.corrupt("sqlite: page " + page + " cell " + i + " is cut off");
        }
        walk(u32(b, cell), depth + 1, visited, rows);
      }
    }
    if (!leaf) {
      walk(u32(b, h + 8), depth + 1, visited, rows);
    }
  }

  private void leafCell(long page, byte[] b, int cell, BitSet visited, RowSink rows) throws IOException {
    long[] varint = new long[2];
    int at = readVarint(b, cell, usable, varint, page);
    long payloadSize = varint[0];
    at = readVarint(b, at, usable, varint, page);
    long rowid = varint[0];
    if (payloadSize > MAX_RECORD_BYTES || payloadSize < 0) {
      rows.unreadable(rowid, "record of " + payloadSize + " bytes is over the limit of " + MAX_RECORD_BYTES);
      return;
    }
    int total = (int) payloadSize;
    int local = localPayload(total);
    boolean overflows = local < total;
    if (at + local + (overflows ? 4 : 0) > usable) {
      throw file.corrupt("sqlite: page " + page + ": cell of row " + rowid + " runs past the page");
    }
    byte[] payload = new byte[total];
    System.arraycopy(b, at, payload, 0, local);
    if (overflows) {
      String problem = readOverflow(u32(b, at + local), payload, local, visited);
      if (problem != null) {
        rows.unreadable(rowid, problem);
        return;
      }
    }
    rows.row(rowid, payload);
  }

  /** How much of a table leaf payload of {@code total} bytes is stored on the leaf page itself. */
  private int localPayload(int total) {
    int maxLocal = usable - 35;
    if (total <= maxLocal) {
      return total;
    }
    int minLocal = (usable - 12) * 32 / 255 - 23;
    int k = minLocal + (total - minLocal) % (usable - 4);
    return k <= maxLocal ? k : minLocal;
  }

  /** Fills {@code payload} from {@code filled} on from the overflow chain; a reason if it cannot. */
  private String readOverflow(long first, byte[] payload, int filled, BitSet visited) throws IOException {
    long next = first;
    int at = filled;
    // The chain length follows from the payload size; a page of another chain or of the b-tree
    // means the file is corrupt (and would let a small file make us read without end).
    while (at < payload.length) {
      if (next < 2 || next > pageCount) {
        return "overflow page number " + next + " is outside the database";
      }
      if (visited.get((int) next)) {
        throw file.corrupt("sqlite: overflow page " + next + " is reached twice (shared or cyclic chains)");
      }
      visited.set((int) next);
      byte[] page = file.read((next - 1) * pageSize, usable);
      int n = Math.min(usable - 4, payload.length - at);
      System.arraycopy(page, 4, payload, at, n);
      at += n;
      next = u32(page, 0);
    }
    return null;
  }

  private int readVarint(byte[] b, int at, int limit, long[] out, long page) {
    long value = 0;
    for (int i = 0; i < 9; i++) {
      if (at + i >= limit) {
        throw file.corrupt("sqlite: page " + page + ": varint runs past the page");
      }
      int x = b[at + i] & 0xff;
      if (i == 8) {
        out[0] = (value << 8) | x;
        return at + 9;
      }
      value = (value << 7) | (x & 0x7f);
      if ((x & 0x80) == 0) {
        out[0] = value;
        return at + i + 1;
      }
    }
    throw new AssertionError();
  }

  static int u16(byte[] b, int at) {
    return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
  }

  static long u32(byte[] b, int at) {
    return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8) | (b[at + 3] & 0xffL);
  }
}
