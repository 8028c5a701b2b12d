package dev.bulwark.image.archive;

import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import dev.bulwark.io.tar.TarEntry;
import dev.bulwark.io.tar.TarReader;
import java.util.Optional;

/**
 * An image archive tar (docker-archive, oci-archive) read by seeking: one pass over the headers
 * builds an index of regular files, then each file is read in place, so that layers are streamed
 * straight from the archive and never extracted.
 */
public final class TarArchiveFiles implements ArchiveFiles {
  private static final int MAX_ENTRIES = 100_000;
  private static final int MAX_NAME_BYTES = 4096;
  private static final int MAX_LINK_HOPS = 8;

  private final Path path;
  private final FileChannel channel;
  private final Map<String, long[]> regions = new HashMap<>();

  public TarArchiveFiles(Path path) {
    this.path = path;
    try {
      this.channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new InputException(path + ": no such file");
    } catch (IOException e) {
      throw new InputException(path + ": cannot open: " + e.getMessage(), e);
    }
    try {
      TarReader tar = TarReader.seekable(new FileRegionInputStream(channel, 0, channel.size()), MAX_NAME_BYTES,
          MAX_ENTRIES, path.toString());
      Map<String, String> links = new HashMap<>();
      for (Optional<TarEntry> next = tar.next(); next.isPresent(); next = tar.next()) {
        TarEntry entry = next.orElseThrow();
        String name = normalize(entry.name());
        if (entry.isFile() && !entry.sparse()) {
          regions.put(name, new long[] {tar.dataOffset(), entry.size()});
        } else if (entry.isSymlink() || entry.isHardlink()) {
          String base = entry.isSymlink() && name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
          links.put(name, entry.linkName().startsWith("/") ? entry.linkName() : base + entry.linkName());
        }
      }
      // docker save writes <id>/layer.tar as a link to a shared blob; follow such links inside the archive only.
      for (Map.Entry<String, String> link : links.entrySet()) {
        String target = collapse(link.getValue());
        for (int hops = 0; hops < MAX_LINK_HOPS && !regions.containsKey(target) && links.containsKey(target); hops++) {
          target = collapse(links.get(target));
        }
        long[] region = regions.get(target);
        if (region != null) {
          regions.put(link.getKey(), region);
        }
      }
    } catch (IOException e) {
      close();
      throw new InputException(path + ": not a readable tar archive: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Resolves {@code .} and {@code ..} in an archive-relative name; a name that climbs out maps to none. */
  private static String collapse(String name) {
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (String part : normalize(name).split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          return "";
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return String.join("/", parts);
  }

  private static String normalize(String name) {
    String result = name;
    while (result.startsWith("./")) {
      result = result.substring(2);
    }
    while (result.startsWith("/")) {
      result = result.substring(1);
    }
    return result;
  }

  @Override
  public OptionalLong size(String name) {
    long[] region = regions.get(name);
    return region == null ? OptionalLong.empty() : OptionalLong.of(region[1]);
  }

  @Override
  public InputStream open(String name) throws IOException {
    long[] region = regions.get(name);
    if (region == null) {
      throw new NoSuchFileException(path + ": " + name);
    }
    return new FileRegionInputStream(channel, region[0], region[1]);
  }

  @Override
  public String name() {
    return path.toString();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing a read-only channel loses nothing.
    }
  }
}
