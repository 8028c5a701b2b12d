package dev.bulwark.layer;

import dev.bulwark.io.Limits;
import dev.bulwark.io.tar.TarEntry;
import dev.bulwark.io.tar.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Walks a layer tar in one pass: {@link TarReader} parses it; this class decides what each entry
 * means to an image. Names are checked ({@link EntryPaths}), whiteouts and opaque markers are told
 * apart from entries, and entries that cannot be taken as they are (unsafe names, sparse files,
 * unknown types) are reported as refused while the walk goes on.
 */
public final class TarWalker {
  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";

  private TarWalker() {}

  /** Walks {@code in} to its end-of-archive marker (or its end), calling {@code visitor}. */
  public static void walk(InputStream in, Limits limits, String input, EntryVisitor visitor) throws IOException {
    TarReader tar = TarReader.streaming(in, Math.max(limits.maxPathBytes(), 1 << 16), limits.maxEntriesPerLayer(), input);
    for (Optional<TarEntry> next = tar.next(); next.isPresent(); next = tar.next()) {
      TarEntry entry = next.orElseThrow();
      if (!entry.isKnownType()) {
        visitor.rejected(entry.name(), "unsupported tar entry type '" + printable(entry.typeflag()) + "'");
      } else if (entry.sparse()) {
        visitor.rejected(entry.name(), "sparse files are not read");
      } else {
        deliver(entry, tar.data(), limits, visitor);
      }
    }
  }

  private static void deliver(TarEntry entry, InputStream data, Limits limits, EntryVisitor visitor) throws IOException {
    String name = entry.name();
    String base = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    String fileName = base.substring(base.lastIndexOf('/') + 1);
    if (fileName.startsWith(WHITEOUT)) {
      whiteout(name, base, fileName, limits, visitor);
      return;
    }
    EntryPaths.Checked checked = EntryPaths.check(name, limits.maxPathBytes());
    if (checked instanceof EntryPaths.Refused refused) {
      visitor.rejected(name, refused.reason());
      return;
    }
    String path = ((EntryPaths.Accepted) checked).path();
    String linkTarget = "";
    EntryType type;
    if (entry.isHardlink()) {
      EntryPaths.Checked target = EntryPaths.check(entry.linkName(), limits.maxPathBytes());
      if (target instanceof EntryPaths.Refused refused) {
        visitor.rejected(name, "hardlink target: " + refused.reason());
        return;
      }
      linkTarget = ((EntryPaths.Accepted) target).path();
      type = EntryType.HARDLINK;
    } else if (entry.isSymlink()) {
      String link = entry.linkName();
      if (link.isEmpty() || link.indexOf('\0') >= 0 || link.length() > limits.maxPathBytes()) {
        visitor.rejected(name, "symlink with an empty, overlong or malformed target");
        return;
      }
      linkTarget = link;
      type = EntryType.SYMLINK;
    } else if (entry.isDirectory()) {
      type = EntryType.DIRECTORY;
    } else if (entry.isFile()) {
      type = EntryType.FILE;
    } else {
      type = EntryType.OTHER;
    }
    if (path.equals("/") && type != EntryType.DIRECTORY) {
      visitor.rejected(name, "the root must be a directory");
      return;
    }
    visitor.entry(new LayerEntry(path, type, entry.size(), entry.mode(), linkTarget),
        type == EntryType.FILE ? data : InputStream.nullInputStream());
  }

  private static void whiteout(String name, String base, String fileName, Limits limits, EntryVisitor visitor) {
    EntryPaths.Checked checked = EntryPaths.check(base, limits.maxPathBytes());
    if (checked instanceof EntryPaths.Refused refused) {
      visitor.rejected(name, refused.reason());
      return;
    }
    String parent = EntryPaths.parent(((EntryPaths.Accepted) checked).path()).orElse("/");
    if (fileName.equals(OPAQUE)) {
      visitor.opaque(parent);
    } else if (fileName.startsWith(WHITEOUT + WHITEOUT)) {
      return; // aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs): not part of the tree
    } else {
      String target = fileName.substring(WHITEOUT.length());
      if (target.isEmpty() || target.equals(".") || target.equals("..")) {
        visitor.rejected(name, "malformed whiteout");
      } else {
        visitor.whiteout(EntryPaths.join(parent, target));
      }
    }
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c);
  }
}
