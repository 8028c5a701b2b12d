package dev.bulwark.vuln.db;

import dev.bulwark.vuln.advisory.Advisory;
import dev.bulwark.vuln.osv.OsvCodec;
import dev.bulwark.vuln.osv.OsvFormat;
import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** The stored form of an advisory: its normalized OSV JSON, DEFLATE-compressed (zlib framing). */
final class StoredDocuments {
  /** Fast compression; OSV JSON still shrinks four- to eightfold, and reads inflate quickly. */
  private static final int LEVEL = 1;

  private StoredDocuments() {}

  static byte[] compress(byte[] json) {
    Deflater deflater = new Deflater(LEVEL);
    try {
      deflater.setInput(json);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, json.length / 4));
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        int n = deflater.deflate(buffer);
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  /** Inflates exactly {@code size} bytes; anything else means the database is damaged. */
  static byte[] decompress(byte[] stored, int size) throws DataFormatException {
    if (size < 0 || size > OsvCodec.MAX_DOCUMENT_BYTES) {
      throw new DataFormatException("stored document size " + size + " out of range");
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(stored);
      byte[] out = new byte[size];
      int total = 0;
      while (total < size) {
        int n = inflater.inflate(out, total, size - total);
        if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        total += n;
      }
      if (total != size || !inflater.finished()) {
        throw new DataFormatException("stored document is not " + size + " bytes");
      }
      return out;
    } finally {
      inflater.end();
    }
  }

  static Advisory read(byte[] stored, int size, String id, String source) throws DataFormatException {
    return OsvCodec.read(decompress(stored, size), OsvFormat.JSON, "stored advisory " + id, source);
  }
}
