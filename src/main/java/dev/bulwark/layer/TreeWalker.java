package dev.bulwark.layer;

import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.io.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * Walks an unpacked root filesystem as if it were one layer. Symlinks are reported, never followed;
 * a second name for an inode already seen is reported as a hardlink to the first, as tar would.
 */
public final class TreeWalker {
  private TreeWalker() {}

  public static void walk(Path root, Limits limits, EntryVisitor visitor) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new InputException(root + ": not a directory");
    }
    Path base = root.toAbsolutePath().normalize();
    Map<Object, String> inodes = new HashMap<>();
    int[] count = {0};
    Files.walkFileTree(base, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
        visit(dir, attributes);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
        visit(file, attributes);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        visitor.rejected(imagePath(file), "unreadable: " + e.getMessage());
        return FileVisitResult.CONTINUE;
      }

      private String imagePath(Path file) {
        Path relative = base.relativize(file);
        return relative.toString().isEmpty() ? "/" : "/" + relative.toString().replace('\\', '/');
      }

      private void visit(Path file, BasicFileAttributes attributes) throws IOException {
        if (++count[0] > limits.maxEntriesPerLayer()) {
          throw new LimitExceededException(base.toString(), "entry count", limits.maxEntriesPerLayer());
        }
        String path = imagePath(file);
        int mode = mode(file);
        if (attributes.isDirectory()) {
          visitor.entry(new LayerEntry(path, EntryType.DIRECTORY, 0, mode, ""), InputStream.nullInputStream());
        } else if (attributes.isSymbolicLink()) {
          visitor.entry(new LayerEntry(path, EntryType.SYMLINK, 0, mode, Files.readSymbolicLink(file).toString()),
              InputStream.nullInputStream());
        } else if (attributes.isRegularFile()) {
          Object key = attributes.fileKey();
          String first = key == null ? null : inodes.putIfAbsent(key, path);
          if (first != null) {
            visitor.entry(new LayerEntry(path, EntryType.HARDLINK, 0, mode, first), InputStream.nullInputStream());
            return;
          }
          try (InputStream content = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            visitor.entry(new LayerEntry(path, EntryType.FILE, attributes.size(), mode, ""), content);
          }
        } else {
          visitor.entry(new LayerEntry(path, EntryType.OTHER, 0, mode, ""), InputStream.nullInputStream());
        }
      }
    });
  }

  private static int mode(Path file) {
    try {
      Object mode = Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return mode instanceof Integer bits ? bits & 07777 : 0644;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return 0644;
    }
  }
}
