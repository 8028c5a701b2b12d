package dev.bulwark.inventory.rpm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes header blobs by hand, for the malformed and rare shapes no fixture has. */
final class HeaderBlobBuilder {
  static final int INT32 = 4;
  static final int STRING = 6;
  static final int STRING_ARRAY = 8;
  static final int I18NSTRING = 9;

  private record Entry(int tag, int type, int offset, int count) {}

  private final List<Entry> entries = new ArrayList<>();
  private final ByteArrayOutputStream data = new ByteArrayOutputStream();

  HeaderBlobBuilder string(int tag, String value) {
    return strings(tag, STRING, value);
  }

  HeaderBlobBuilder strings(int tag, int type, String... values) {
    int offset = data.size();
    for (String value : values) {
      data.writeBytes(value.getBytes(StandardCharsets.UTF_8));
      data.write(0);
    }
    entries.add(new Entry(tag, type, offset, values.length));
    return this;
  }

  HeaderBlobBuilder int32s(int tag, int... values) {
    while (data.size() % 4 != 0) {
      data.write(0);
    }
    int offset = data.size();
    for (int value : values) {
      data.writeBytes(ByteBuffer.allocate(4).putInt(value).array());
    }
    entries.add(new Entry(tag, INT32, offset, values.length));
    return this;
  }

  /** An entry with the given raw fields, pointing wherever it says. */
  HeaderBlobBuilder raw(int tag, int type, int offset, int count) {
    entries.add(new Entry(tag, type, offset, count));
    return this;
  }

  /** Appends bytes to the data store without an entry. */
  HeaderBlobBuilder data(byte... bytes) {
    data.writeBytes(bytes);
    return this;
  }

  HeaderBlobBuilder nevra(String name, String version, String release, String arch) {
    return string(RpmTag.NAME, name).string(RpmTag.VERSION, version).string(RpmTag.RELEASE, release)
        .string(RpmTag.ARCH, arch);
  }

  byte[] build() {
    byte[] store = data.toByteArray();
    ByteBuffer blob = ByteBuffer.allocate(8 + 16 * entries.size() + store.length);
    blob.putInt(entries.size()).putInt(store.length);
    for (Entry e : entries) {
      blob.putInt(e.tag()).putInt(e.type()).putInt(e.offset()).putInt(e.count());
    }
    return blob.put(store).array();
  }
}
