package dev.bulwark.enforce.log;

import dev.bulwark.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a log's files are. The writer appends to the file it was given; rotation renames that file
 * to {@code NAME.<first seq, 12 digits>} and starts a new {@code NAME}. A directory given to verify
 * stands for the log files in it: those whose first line is a header, in the order of the header's
 * sequence numbers.
 */
public final class LogFiles {
  private static final Pattern HEADER_PREFIX = Pattern.compile("^\\{\"seq\":(\\d{1,18}),\"type\":\"header\",");
  /** Enough of a file to read a header's seq from. */
  private static final int SNIFF_BYTES = 64;

  private LogFiles() {}

  /** The name a file whose header has seq {@code firstSeq} takes when it is rotated out. */
  public static Path rotatedName(Path active, long firstSeq) {
    return active.resolveSibling(active.getFileName() + "." + String.format("%012d", firstSeq));
  }

  /** Rotated files of {@code active}, oldest first. */
  static List<Path> rotated(Path active) throws IOException {
    Path directory = active.toAbsolutePath().getParent();
    Pattern name = Pattern.compile(Pattern.quote(active.getFileName().toString()) + "\\.\\d{12}");
    try (Stream<Path> list = Files.list(directory)) {
      return list.filter(p -> name.matcher(p.getFileName().toString()).matches()).sorted().toList();
    }
  }

  /** Files as given, each directory replaced by the log files in it. */
  public static List<Path> expand(List<Path> arguments) {
    List<Path> files = new ArrayList<>();
    for (Path argument : arguments) {
      if (!Files.isDirectory(argument)) {
        if (!Files.isRegularFile(argument)) {
          throw new InputException(argument + ": no such file");
        }
        files.add(argument);
        continue;
      }
      record Found(Path path, long seq) {}
      List<Found> found = new ArrayList<>();
      try (Stream<Path> list = Files.list(argument)) {
        for (Path path : list.sorted().toList()) {
          if (Files.isRegularFile(path) && !path.getFileName().toString().startsWith(".")) {
            headerSeq(path).ifPresent(seq -> found.add(new Found(path, seq)));
          }
        }
      } catch (IOException e) {
        throw new InputException("cannot list " + argument + ": " + e.getMessage(), e);
      }
      if (found.isEmpty()) {
        throw new InputException(argument + ": no audit log files in it");
      }
      found.sort(Comparator.comparingLong(Found::seq).thenComparing(Found::path));
      found.forEach(f -> files.add(f.path()));
    }
    return files;
  }

  private static Optional<Long> headerSeq(Path file) throws IOException {
    byte[] start;
    try (InputStream in = Files.newInputStream(file)) {
      start = in.readNBytes(SNIFF_BYTES);
    }
    Matcher m = HEADER_PREFIX.matcher(new String(start, StandardCharsets.ISO_8859_1));
    return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
  }
}
