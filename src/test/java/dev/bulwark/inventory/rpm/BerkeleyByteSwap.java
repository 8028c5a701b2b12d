package dev.bulwark.inventory.rpm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Rewrites a little-endian Berkeley DB hash file as a big-endian host (s390x, ppc64) would have
 * written it, for the byte order no fixture here has. Swaps what libdb stores in host order: the
 * metadata page, page headers, hash page indexes, off-page item references, and rpm's keys.
 */
final class BerkeleyByteSwap {
  private BerkeleyByteSwap() {}

  static byte[] toBigEndian(byte[] little) {
    ByteBuffer in = ByteBuffer.wrap(little).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer out = ByteBuffer.wrap(little.clone()).order(ByteOrder.BIG_ENDIAN);
    int pageSize = in.getInt(20);
    // Metadata: LSN, page number, magic, version, page size, then free .. flags, the hash fields
    // and the spares table.
    for (int at : new int[] {0, 4, 8, 12, 16, 20, 28, 32, 36, 40, 44, 48}) {
      out.putInt(at, in.getInt(at));
    }
    for (int at = 72; at < 224; at += 4) {
      out.putInt(at, in.getInt(at));
    }
    for (int page = 1; page < little.length / pageSize; page++) {
      int base = page * pageSize;
      for (int at : new int[] {0, 4, 8, 12, 16}) {
        out.putInt(base + at, in.getInt(base + at));
      }
      int entries = in.getShort(base + 20) & 0xffff;
      out.putShort(base + 20, (short) entries);
      out.putShort(base + 22, in.getShort(base + 22));
      int type = little[base + 25];
      if (type != 13 && type != 2) {
        continue;
      }
      for (int i = 0; i < entries; i++) {
        int offset = in.getShort(base + 26 + 2 * i) & 0xffff;
        out.putShort(base + 26 + 2 * i, (short) offset);
        int item = base + offset;
        int end = base + (i == 0 ? pageSize : in.getShort(base + 26 + 2 * (i - 1)) & 0xffff);
        if (little[item] == 3) { // H_OFFPAGE: page number and length
          out.putInt(item + 4, in.getInt(item + 4));
          out.putInt(item + 8, in.getInt(item + 8));
        } else if (little[item] == 1 && end - item == 5) { // a 4-byte key or record number
          out.putInt(item + 1, in.getInt(item + 1));
        }
      }
    }
    return out.array();
  }
}
