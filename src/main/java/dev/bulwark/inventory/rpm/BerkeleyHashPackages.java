package dev.bulwark.inventory.rpm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;

/**
 * Reads the header blobs of rpm's Berkeley DB {@code Packages} file (hash access method), in
 * either byte order. The pages are scanned in file order; on each hash page the items come in
 * key/data pairs, the data being inline ({@code H_KEYDATA}) or, for anything but tiny values, a
 * reference ({@code H_OFFPAGE}) to a chain of overflow pages. Layouts follow libdb's
 * {@code db_page.h}.
 *
 * <p>Bounds: the page count comes from the metadata page and must fit the file; an overflow chain
 * is followed for at most as many pages as its item's declared length needs, that length may not
 * exceed {@link RpmHeader#MAX_HEADER_BYTES}, and no overflow page is read twice, so the whole scan
 * reads each page at most twice.
 */
final class BerkeleyHashPackages {
  static final int HASH_MAGIC = 0x00061561;

  private static final int META_BYTES = 512;
  private static final int PAGE_HEADER = 26;
  private static final int HOFFPAGE_BYTES = 12;
  // Page types (db_page.h).
  private static final int P_HASH_UNSORTED = 2;
  private static final int P_OVERFLOW = 7;
  private static final int P_HASHMETA = 8;
  private static final int P_HASH = 13;
  // Hash item types.
  private static final int H_KEYDATA = 1;
  private static final int H_OFFPAGE = 3;
  /** Metadata flag: pages carry a checksum, which moves the item index; rpm never sets it. */
  private static final int DBMETA_CHKSUM = 0x01;

  private final DatabaseFile file;
  private final ByteOrder order;
  private final int pageSize;
  private final long lastPage;
  /** Overflow pages already read: each belongs to one item, so a second use is a corrupt chain. */
  private final BitSet overflowUsed = new BitSet();

  private BerkeleyHashPackages(DatabaseFile file, ByteOrder order, int pageSize, long lastPage) {
    this.file = file;
    this.order = order;
    this.pageSize = pageSize;
    this.lastPage = lastPage;
  }

  /** Whether the first 16 bytes of a file carry the hash magic, in either byte order. */
  static boolean hasMagic(byte[] start) {
    int magic = ByteBuffer.wrap(start, 12, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    return magic == HASH_MAGIC || Integer.reverseBytes(magic) == HASH_MAGIC;
  }

  static void read(DatabaseFile file, BlobVisitor visitor) throws IOException {
    open(file).scan(visitor);
  }

  private static BerkeleyHashPackages open(DatabaseFile file) throws IOException {
    if (file.size() < META_BYTES) {
      throw file.corrupt("berkeley db: shorter than its metadata page");
    }
    ByteBuffer meta = ByteBuffer.wrap(file.read(0, META_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
    if (meta.getInt(12) != HASH_MAGIC) {
      meta.order(ByteOrder.BIG_ENDIAN);
    }
    if (meta.getInt(12) != HASH_MAGIC) {
      throw file.corrupt("berkeley db: no hash magic");
    }
    if ((meta.get(25) & 0xff) != P_HASHMETA) {
      throw file.corrupt("berkeley db: metadata page has type " + (meta.get(25) & 0xff) + ", not hash metadata");
    }
    if (meta.get(24) != 0) {
      throw file.corrupt("berkeley db: encrypted databases are not supported");
    }
    if ((meta.get(26) & DBMETA_CHKSUM) != 0) {
      throw file.corrupt("berkeley db: checksummed pages are not supported");
    }
    int pageSize = meta.getInt(20);
    if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
      throw file.corrupt("berkeley db: invalid page size " + pageSize);
    }
    long lastPage = Integer.toUnsignedLong(meta.getInt(32));
    if ((lastPage + 1) * pageSize > file.size()) {
      throw file.corrupt("berkeley db: truncated: the metadata counts " + (lastPage + 1) + " pages of "
          + pageSize + " bytes, the file has " + file.size() + " bytes");
    }
    return new BerkeleyHashPackages(file, meta.order(), pageSize, lastPage);
  }

  private void scan(BlobVisitor visitor) throws IOException {
    for (long number = 1; number <= lastPage; number++) {
      ByteBuffer page = page(number);
      int type = page.get(25) & 0xff;
      if (type == P_HASH || type == P_HASH_UNSORTED) {
        hashPage(number, page, visitor);
      }
    }
  }

  private void hashPage(long number, ByteBuffer page, BlobVisitor visitor) throws IOException {
    int entries = page.getShort(20) & 0xffff;
    int itemsStart = PAGE_HEADER + 2 * entries;
    if (entries % 2 != 0 || itemsStart > pageSize) {
      throw file.corrupt("berkeley db: hash page " + number + " has an invalid entry count " + entries);
    }
    for (int i = 0; i < entries; i += 2) {
      int keyAt = itemOffset(page, i, itemsStart, number);
      int dataAt = itemOffset(page, i + 1, itemsStart, number);
      int keyLength = itemLength(page, i);
      int dataLength = itemLength(page, i + 1);
      if (keyLength < 1 || dataLength < 1) {
        throw file.corrupt("berkeley db: hash page " + number + " has overlapping items");
      }
      if (isInstanceZero(page, keyAt, keyLength)) {
        continue; // rpm's bookkeeping record, not a package
      }
      String record = "page " + number + " item " + i / 2;
      int dataType = page.get(dataAt) & 0xff;
      if (dataType == H_OFFPAGE) {
        if (dataLength < HOFFPAGE_BYTES) {
          throw file.corrupt("berkeley db: hash page " + number + " has a cut-off off-page item");
        }
        long first = Integer.toUnsignedLong(page.getInt(dataAt + 4));
        long length = Integer.toUnsignedLong(page.getInt(dataAt + 8));
        byte[] blob = overflow(first, length, record, visitor);
        if (blob != null) {
          visitor.blob(record, blob);
        }
      } else if (dataType == H_KEYDATA) {
        byte[] blob = new byte[dataLength - 1];
        page.get(dataAt + 1, blob);
        visitor.blob(record, blob);
      } else {
        visitor.unreadable(record, "unsupported hash item type " + dataType);
      }
    }
  }

  private int itemOffset(ByteBuffer page, int index, int itemsStart, long number) {
    int offset = page.getShort(PAGE_HEADER + 2 * index) & 0xffff;
    if (offset < itemsStart || offset >= pageSize) {
      throw file.corrupt("berkeley db: hash page " + number + " item " + index + " offset " + offset
          + " is outside the page");
    }
    return offset;
  }

  /** An item ends where the one before it (in index order) starts, the first one at the page end. */
  private int itemLength(ByteBuffer page, int index) {
    int end = index == 0 ? pageSize : page.getShort(PAGE_HEADER + 2 * (index - 1)) & 0xffff;
    return end - (page.getShort(PAGE_HEADER + 2 * index) & 0xffff);
  }

  private static boolean isInstanceZero(ByteBuffer page, int keyAt, int keyLength) {
    return (page.get(keyAt) & 0xff) == H_KEYDATA && keyLength == 5 && page.getInt(keyAt + 1) == 0;
  }

  /** The item stored in the overflow chain from {@code first}, or null (reported) if unreadable. */
  private byte[] overflow(long first, long length, String record, BlobVisitor visitor) throws IOException {
    if (length > RpmHeader.MAX_HEADER_BYTES) {
      visitor.unreadable(record, "item of " + length + " bytes is over the limit of " + RpmHeader.MAX_HEADER_BYTES);
      return null;
    }
    byte[] item = new byte[(int) length];
    int filled = 0;
    long maxPages = length / (pageSize - PAGE_HEADER) + 1;
    long pages = 0;
    for (long number = first; number != 0; ) {
      if (++pages > maxPages) {
        visitor.unreadable(record, "overflow chain is longer than its item (a cycle?)");
        return null;
      }
      if (number > lastPage) {
        visitor.unreadable(record, "overflow page " + number + " is outside the database");
        return null;
      }
      if (overflowUsed.get((int) number)) {
        throw file.corrupt("berkeley db: overflow page " + number + " is reached twice (shared or cyclic chains)");
      }
      overflowUsed.set((int) number);
      ByteBuffer page = page(number);
      if ((page.get(25) & 0xff) != P_OVERFLOW) {
        visitor.unreadable(record, "page " + number + " in its overflow chain is not an overflow page");
        return null;
      }
      int used = page.getShort(22) & 0xffff;
      if (used > pageSize - PAGE_HEADER || used > item.length - filled) {
        visitor.unreadable(record, "overflow page " + number + " holds more than the item's " + length + " bytes");
        return null;
      }
      page.get(PAGE_HEADER, item, filled, used);
      filled += used;
      number = Integer.toUnsignedLong(page.getInt(16));
    }
    if (filled != item.length) {
      visitor.unreadable(record, "overflow chain holds " + filled + " of the item's " + length + " bytes");
      return null;
    }
    return item;
  }

  private ByteBuffer page(long number) throws IOException {
    return ByteBuffer.wrap(file.read(number * pageSize, pageSize)).order(order);
  }
}
