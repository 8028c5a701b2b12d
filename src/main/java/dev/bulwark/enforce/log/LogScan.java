package dev.bulwark.enforce.log;

import dev.bulwark.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Second looks the verifier takes once it has found a break, to name it: is the missing record
 * further down (reordered) or nowhere (deleted)? Does a line chain to one further back (inserted
 * lines between)? Reads the files again; only ever on failure.
 */
final class LogScan {
  private static final Pattern SEQ_PREFIX = Pattern.compile("^\\{\"seq\":(\\d{1,18}),");

  private LogScan() {}

  /** The first line after {@code file}:{@code line} whose seq is {@code wanted}, as {file index, line}. */
  static Optional<long[]> findSeq(List<Path> files, long wanted, int file, long line) {
    for (int f = file; f < files.size(); f++) {
      try (LineSource source = new LineSource(files.get(f), RecordCodec.MAX_LINE_BYTES)) {
        while (source.next()) {
          if (f == file && source.number() <= line) {
            continue;
          }
          Matcher m = SEQ_PREFIX.matcher(new String(source.bytes(), 0, Math.min(source.length(), 32),
              StandardCharsets.US_ASCII));
          if (m.find() && Long.parseLong(m.group(1)) == wanted) {
            return Optional.of(new long[] {f, source.number()});
          }
        }
      } catch (IOException e) {
        throw new InputException("cannot read " + files.get(f) + ": " + e.getMessage(), e);
      }
    }
    return Optional.empty();
  }

  /** The line before {@code before} in {@code file} whose stored hash is {@code wanted}. */
  static Optional<Long> findHash(Path file, String wanted, long before) {
    try (LineSource source = new LineSource(file, RecordCodec.MAX_LINE_BYTES)) {
      while (source.next() && source.number() < before) {
        if (RecordCodec.storedHash(source.bytes(), source.length()).equals(wanted)) {
          return Optional.of(source.number());
        }
      }
    } catch (IOException e) {
      throw new InputException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return Optional.empty();
  }
}
