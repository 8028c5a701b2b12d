package dev.bulwark.vuln.suppress;

import dev.bulwark.InputException;
import dev.bulwark.io.Bounded;
import dev.bulwark.vuln.match.Finding;
import dev.bulwark.vuln.scan.Suppressed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ignore file's entries: the first entry that names a finding, and has not expired, suppresses
 * it with the entry's reason. Expired entries and entries that match no finding are reported, so
 * the file does not rot unnoticed.
 */
public final class IgnoreFileSource implements SuppressionSource {
  /** How the suppressions it makes are labelled in reports. */
  public static final String BY = "ignore-file";
  public static final String STATUS = "ignored";

  private final String source;
  private final List<IgnoreEntry> entries;

  public IgnoreFileSource(String source, List<IgnoreEntry> entries) {
    this.source = source;
    this.entries = List.copyOf(entries);
  }

  public static IgnoreFileSource load(Path file) {
    String source = file.toString();
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = Bounded.readAll(in, IgnoreFileParser.MAX_FILE_BYTES, "ignore file " + source);
    } catch (NoSuchFileException e) {
      throw new InputException("ignore file " + source + ": no such file", e);
    } catch (IOException e) {
      throw new InputException("ignore file " + source + ": cannot read: " + e.getMessage(), e);
    }
    return new IgnoreFileSource(source, IgnoreFileParser.parse(bytes, source));
  }

  public List<IgnoreEntry> entries() {
    return entries;
  }

  @Override
  public Optional<Suppressed> suppress(Finding finding, Instant now) {
    for (IgnoreEntry entry : entries) {
      if (!entry.expired(now) && entry.matches(finding)) {
        String until = entry.expires().map(day -> " (until " + day + ")").orElse("");
        return Optional.of(new Suppressed(finding, BY, STATUS, entry.reason() + until, source));
      }
    }
    return Optional.empty();
  }

  @Override
  public List<String> warnings(Instant now, List<Finding> findings) {
    List<String> warnings = new ArrayList<>();
    for (IgnoreEntry entry : entries) {
      if (entry.expired(now)) {
        warnings.add("ignore file " + source + ": " + entry.describe() + " expired on " + entry.expires().orElseThrow()
            + " and no longer suppresses");
      } else if (findings.stream().noneMatch(entry::matches)) {
        warnings.add("ignore file " + source + ": " + entry.describe() + " matched no finding");
      }
    }
    return warnings;
  }
}
