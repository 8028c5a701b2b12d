package dev.bulwark.inventory.rpm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.Adler32;

/**
 * Reads the header blobs of rpm's ndb {@code Packages.db} (rpm's {@code lib/backend/ndb/rpmpkg.c}):
 * a 32-byte header, slot pages of 16-byte slots (package index, block offset, block count), and
 * blobs of 16-byte blocks, each a head (magic, package index, timestamp, length), the header blob,
 * padding and a tail (Adler-32 of everything before it, length, magic). All little-endian.
 *
 * <p>Slots are checked as rpm checks them (magic, non-zero index and count, blocks inside the file,
 * after the slot pages), and a bad slot makes the whole database unreadable, as it does for rpm. A
 * blob whose head, tail or checksum is wrong is reported and skipped.
 */
final class NdbPackages {
  static final int MAGIC = 'R' | 'p' << 8 | 'm' << 16 | 'P' << 24;
  /**
   * Most slot pages read (254 to 256 packages each). rpm adds one as slots fill up; a million
   * packages would need about 4,000.
   */
  static final int MAX_SLOT_PAGES = 4096;

  private static final int SLOT_MAGIC = 'S' | 'l' << 8 | 'o' << 16 | 't' << 24;
  private static final int BLOB_HEAD_MAGIC = 'B' | 'l' << 8 | 'b' << 16 | 'S' << 24;
  private static final int BLOB_TAIL_MAGIC = 'B' | 'l' << 8 | 'b' << 16 | 'E' << 24;
  private static final int HEADER_BYTES = 32;
  private static final int PAGE_BYTES = 4096;
  private static final int SLOT_BYTES = 16;
  private static final int BLOCK_BYTES = 16;
  private static final int HEAD_BYTES = 16;
  private static final int TAIL_BYTES = 12;

  private NdbPackages() {}

  private record Slot(long packageIndex, long blockOffset, long blockCount) {}

  static void read(DatabaseFile file, BlobVisitor visitor) throws IOException {
    if (file.size() < HEADER_BYTES) {
      throw file.corrupt("ndb: shorter than its header");
    }
    ByteBuffer header = ByteBuffer.wrap(file.read(0, HEADER_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
    if (header.getInt(0) != MAGIC) {
      throw file.corrupt("ndb: bad magic");
    }
    if (header.getInt(4) != 0) {
      throw file.corrupt("ndb: unsupported version " + Integer.toUnsignedString(header.getInt(4)));
    }
    long slotPages = Integer.toUnsignedLong(header.getInt(12));
    if (slotPages == 0 || slotPages > MAX_SLOT_PAGES) {
      throw file.corrupt("ndb: slot page count " + slotPages + " is not in 1.." + MAX_SLOT_PAGES);
    }
    if (slotPages * PAGE_BYTES > file.size()) {
      throw file.corrupt("ndb: truncated: " + slotPages + " slot pages do not fit the " + file.size()
          + "-byte file");
    }
    for (Slot slot : slots(file, slotPages)) {
      String record = "package " + slot.packageIndex();
      byte[] blob = blob(file, slot, record, visitor);
      if (blob != null) {
        visitor.blob(record, blob);
      }
    }
  }

  private static List<Slot> slots(DatabaseFile file, long slotPages) throws IOException {
    long fileBlocks = file.size() / BLOCK_BYTES;
    long firstDataBlock = slotPages * (PAGE_BYTES / BLOCK_BYTES);
    List<Slot> slots = new ArrayList<>();
    for (long p = 0; p < slotPages; p++) {
      ByteBuffer page = ByteBuffer.wrap(file.read(p * PAGE_BYTES, PAGE_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
      for (int at = p == 0 ? HEADER_BYTES : 0; at < PAGE_BYTES; at += SLOT_BYTES) {
        if (page.getInt(at) != SLOT_MAGIC) {
          throw file.corrupt("ndb: bad slot magic at offset " + (p * PAGE_BYTES + at));
        }
        long blockOffset = Integer.toUnsignedLong(page.getInt(at + 8));
        if (blockOffset == 0) {
          continue; // a free slot
        }
        long packageIndex = Integer.toUnsignedLong(page.getInt(at + 4));
        long blockCount = Integer.toUnsignedLong(page.getInt(at + 12));
        if (packageIndex == 0 || blockCount == 0 || blockOffset < firstDataBlock) {
          throw file.corrupt("ndb: invalid slot at offset " + (p * PAGE_BYTES + at));
        }
        if (blockOffset + blockCount > fileBlocks) {
          throw file.corrupt("ndb: truncated: the blob of package " + packageIndex + " runs past the end");
        }
        slots.add(new Slot(packageIndex, blockOffset, blockCount));
      }
    }
    // In storage order, as rpm lists them. Blobs may not overlap (rpm refuses such a database too),
    // which also bounds the bytes read to the file size.
    slots.sort(Comparator.comparingLong(Slot::blockOffset));
    long end = firstDataBlock;
    for (Slot slot : slots) {
      if (slot.blockOffset() < end) {
        throw file.corrupt("ndb: the blob of package " + slot.packageIndex() + " overlaps another");
      }
      end = slot.blockOffset() + slot.blockCount();
    }
    return slots;
  }

  /** The header blob of one slot, or null (reported) if its blob is damaged. */
  private static byte[] blob(DatabaseFile file, Slot slot, String record, BlobVisitor visitor) throws IOException {
    long bytes = slot.blockCount() * BLOCK_BYTES;
    if (bytes < HEAD_BYTES + TAIL_BYTES || bytes > RpmHeader.MAX_HEADER_BYTES + HEAD_BYTES + TAIL_BYTES + BLOCK_BYTES) {
      visitor.unreadable(record, "blob of " + bytes + " bytes is outside the bounds of a header");
      return null;
    }
    byte[] raw = file.read(slot.blockOffset() * BLOCK_BYTES, (int) bytes);
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(0) != BLOB_HEAD_MAGIC || Integer.toUnsignedLong(b.getInt(4)) != slot.packageIndex()) {
      visitor.unreadable(record, "blob head does not match its slot");
      return null;
    }
    long length = Integer.toUnsignedLong(b.getInt(12));
    if ((HEAD_BYTES + length + TAIL_BYTES + BLOCK_BYTES - 1) / BLOCK_BYTES != slot.blockCount()) {
      visitor.unreadable(record, "blob length " + length + " does not match its " + slot.blockCount() + " blocks");
      return null;
    }
    int tail = raw.length - TAIL_BYTES;
    if (b.getInt(tail + 8) != BLOB_TAIL_MAGIC || Integer.toUnsignedLong(b.getInt(tail + 4)) != length) {
      visitor.unreadable(record, "blob tail does not match its head");
      return null;
    }
    Adler32 adler = new Adler32();
    adler.update(raw, 0, tail);
    if ((int) adler.getValue() != b.getInt(tail)) {
      visitor.unreadable(record, "blob checksum mismatch");
      return null;
    }
    return java.util.Arrays.copyOfRange(raw, HEAD_BYTES, HEAD_BYTES + (int) length);
  }
}
