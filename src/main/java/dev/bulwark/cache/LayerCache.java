package dev.bulwark.cache;

import dev.bulwark.InputException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A directory of cache entries, one file per key, shared by any number of processes: an entry is
 * written to a temporary file and renamed into place, so a reader sees a whole entry or none;
 * readers refresh the entry's modification time, and a writer that takes the directory over its
 * size bound evicts the least recently used entries. Payload integrity is the codec's business.
 */
public final class LayerCache {
  private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");
  private static final String SUFFIX = ".bin";

  private final Path directory;
  private final long maxBytes;

  public LayerCache(Path directory, long maxBytes) {
    this.directory = directory;
    this.maxBytes = maxBytes;
  }

  public Path directory() {
    return directory;
  }

  public Optional<byte[]> get(String key) {
    Path file = file(key);
    try {
      byte[] bytes = Files.readAllBytes(file);
      try {
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
      } catch (IOException ignored) {
        // Another process evicted it meanwhile; the bytes read are still whole.
      }
      return Optional.of(bytes);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new InputException("cache " + directory + ": cannot read " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /** Stores {@code value} under {@code key}, replacing any entry, then trims the cache to its bound. */
  public void put(String key, byte[] value) {
    Path file = file(key);
    try {
      Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path temporary = Files.createTempFile(directory, ".tmp-", SUFFIX);
      try {
        Files.write(temporary, value);
        try {
          Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temporary);
      }
      evict();
    } catch (IOException e) {
      throw new InputException("cache " + directory + ": cannot write: " + e.getMessage(), e);
    }
  }

  /** Removes an entry found to be unreadable, so the next run rebuilds it. */
  public void remove(String key) {
    try {
      Files.deleteIfExists(file(key));
    } catch (IOException e) {
      throw new InputException("cache " + directory + ": cannot remove a corrupt entry: " + e.getMessage(), e);
    }
  }

  private void evict() throws IOException {
    record Entry(Path path, long size, long modified) {}
    List<Entry> entries = new ArrayList<>();
    long total = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      for (Path path : files) {
        if (path.getFileName().toString().startsWith(".tmp-")) {
          continue;
        }
        try {
          long size = Files.size(path);
          entries.add(new Entry(path, size, Files.getLastModifiedTime(path).toMillis()));
          total += size;
        } catch (NoSuchFileException e) {
          // evicted by another process
        }
      }
    }
    if (total <= maxBytes) {
      return;
    }
    entries.sort(Comparator.comparingLong(Entry::modified));
    for (Entry entry : entries) {
      if (total <= maxBytes * 9 / 10) {
        break;
      }
      Files.deleteIfExists(entry.path());
      total -= entry.size();
    }
  }

  private Path file(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("cache keys are SHA-256 hex strings");
    }
    return directory.resolve(key + SUFFIX);
  }
}
