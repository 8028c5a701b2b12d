package dev.bulwark.cli;

import dev.bulwark.UsageException;
import dev.bulwark.report.RenderContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options of commands that write documents. */
final class RenderOptions {
  @Option(names = "--timestamp", paramLabel = "TIME",
      description = "Timestamp to write in documents (RFC 3339 or seconds since the epoch; default: $SOURCE_DATE_EPOCH, else now), for reproducible output.")
  String timestamp;

  private final Map<String, String> environment;

  RenderOptions(Map<String, String> environment) {
    this.environment = environment;
  }

  RenderContext context() {
    return new RenderContext(instant(), "bulwark", Version.current());
  }

  private Instant instant() {
    String text = timestamp != null ? timestamp : environment.get("SOURCE_DATE_EPOCH");
    if (text == null || text.isBlank()) {
      return Instant.now();
    }
    try {
      return text.chars().allMatch(Character::isDigit) ? Instant.ofEpochSecond(Long.parseLong(text)) : Instant.parse(text);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new UsageException("timestamp '" + text + "' is neither RFC 3339 nor seconds since the epoch");
    }
  }
}
