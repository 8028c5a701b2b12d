package dev.bulwark.testing;

import dev.bulwark.image.Layer;
import dev.bulwark.image.LayerContent;
import dev.bulwark.image.LayerReader;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** A layer reader for comparing sources: every tar entry as {@code name size sha256-of-content}. */
public final class LayerListing implements LayerReader<List<String>> {
  @Override
  public List<String> read(Layer layer, LayerContent content) throws IOException {
    if (!(content instanceof LayerContent.Tar(InputStream stream))) {
      throw new AssertionError("expected a tar");
    }
    List<String> lines = new ArrayList<>();
    TarArchiveInputStream tar = new TarArchiveInputStream(stream);
    for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
      MessageDigest sha256;
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      new DigestInputStream(tar, sha256).transferTo(java.io.OutputStream.nullOutputStream());
      lines.add(entry.getName() + " " + entry.getSize() + " " + HexFormat.of().formatHex(sha256.digest()));
    }
    return lines;
  }
}
