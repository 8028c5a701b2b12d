package dev.bulwark.inventory;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.bulwark.image.Digest;
import dev.bulwark.io.Json;
import dev.bulwark.layer.EntryType;
import dev.bulwark.layer.LayerEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The layer cache's file format: a compact binary encoding of the entries (paths share prefixes
 * with the previous one, as sorted tar listings mostly do), the whiteouts and the rest, with the
 * facts as JSON, and a CRC over everything. Anything that does not decode is a cache miss.
 */
public final class LayerIndexCodec {
  private static final int MAGIC = 0x42574c49; // "BWLI"
  public static final int FORMAT = 1;
  private static final TypeReference<Map<String, List<Fact>>> FACTS = new TypeReference<>() {};
  private static final EntryType[] TYPES = EntryType.values();

  private LayerIndexCodec() {}

  /** A cached layer: its index, and the compressed blob digests already verified to produce it. */
  public record CachedLayer(LayerIndex index, Set<Digest> verifiedBlobs) {
    public CachedLayer {
      verifiedBlobs = Set.copyOf(verifiedBlobs);
    }
  }

  public static byte[] encode(CachedLayer cached) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      writeStrings(out, cached.verifiedBlobs().stream().map(Digest::toString).sorted().toList());
      LayerIndex index = cached.index();
      out.writeInt(index.entries().size());
      String previous = "";
      for (LayerEntry entry : index.entries()) {
        String path = entry.path();
        int shared = sharedPrefix(previous, path);
        out.writeShort(shared);
        out.writeUTF(path.substring(shared));
        out.writeByte(entry.type().ordinal());
        out.writeShort(entry.mode());
        out.writeLong(entry.size());
        out.writeUTF(entry.linkTarget());
        previous = path;
      }
      writeStrings(out, index.whiteouts());
      writeStrings(out, index.opaques());
      writeStrings(out, index.rejected());
      byte[] facts = Json.mapper().writerFor(FACTS).writeValueAsBytes(index.facts());
      out.writeInt(facts.length);
      out.write(facts);
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeLong(crc.getValue());
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("encoding a layer index cannot fail in memory", e);
    }
  }

  /** Decodes an entry, or throws {@link IOException} if it is not a whole entry of this format. */
  public static CachedLayer decode(byte[] data) throws IOException {
    if (data.length < 16) {
      throw new IOException("truncated cache entry");
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - 8);
    long stored = new DataInputStream(new ByteArrayInputStream(data, data.length - 8, 8)).readLong();
    if (stored != crc.getValue()) {
      throw new IOException("cache entry checksum mismatch");
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 0, data.length - 8));
    if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
      throw new IOException("not a cache entry of this format");
    }
    Set<Digest> blobs = new LinkedHashSet<>();
    for (String digest : readStrings(in)) {
      blobs.add(Digest.parse(digest));
    }
    int count = in.readInt();
    List<LayerEntry> entries = new ArrayList<>(count);
    String previous = "";
    for (int i = 0; i < count; i++) {
      int shared = in.readUnsignedShort();
      String path = previous.substring(0, shared) + in.readUTF();
      EntryType type = TYPES[in.readUnsignedByte()];
      int mode = in.readUnsignedShort();
      long size = in.readLong();
      entries.add(new LayerEntry(path, type, size, mode, in.readUTF()));
      previous = path;
    }
    List<String> whiteouts = readStrings(in);
    List<String> opaques = readStrings(in);
    List<String> rejected = readStrings(in);
    byte[] facts = new byte[in.readInt()];
    in.readFully(facts);
    Map<String, List<Fact>> factMap = Json.mapper().readValue(facts, FACTS);
    return new CachedLayer(new LayerIndex(entries, whiteouts, opaques, factMap, rejected), blobs);
  }

  private static int sharedPrefix(String a, String b) {
    int limit = Math.min(Math.min(a.length(), b.length()), 0xffff);
    int i = 0;
    while (i < limit && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }

  private static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
    out.writeInt(strings.size());
    for (String s : strings) {
      out.writeUTF(s);
    }
  }

  private static List<String> readStrings(DataInputStream in) throws IOException {
    int count = in.readInt();
    List<String> strings = new ArrayList<>(Math.min(count, 4096));
    for (int i = 0; i < count; i++) {
      strings.add(in.readUTF());
    }
    return strings;
  }
}
