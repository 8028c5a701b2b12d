package dev.bulwark.audit.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bulwark.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Test data of the audit sources, and golden files of what they read. */
public final class Fixtures {
  /** Read relative to the project, so that evidence paths in golden files are the same everywhere. */
  public static final Path ROOT = Path.of("src/test/resources/audit/source");

  private Fixtures() {}

  public static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  public static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(path(relative));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static AuditContext context() {
    return new AuditContext(Map.of(), dev.bulwark.image.SourceOptions.defaults(Map.of()), Path.of("/"));
  }

  /** The model as the golden files hold it: pretty JSON, keys sorted, Optional empty as null. */
  public static String json(Object value) {
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Compares the model's JSON with {@code expected}, rewriting it first under {@code -Dbulwark.updateGolden=true}. */
  public static void assertGolden(Object actual, Path expected) {
    assertGoldenText(json(actual), expected);
  }

  /** Compares text with {@code expected}, rewriting it first under {@code -Dbulwark.updateGolden=true}. */
  public static void assertGoldenText(String text, Path expected) {
    try {
      if (Boolean.getBoolean("bulwark.updateGolden")) {
        Files.createDirectories(expected.getParent());
        Files.writeString(expected, text, StandardCharsets.UTF_8);
      }
      Optional<String> golden = Files.exists(expected) ? Optional.of(Files.readString(expected)) : Optional.empty();
      assertThat(golden).as("golden file %s (regenerate with -Dbulwark.updateGolden=true)", expected).isPresent();
      assertThat(text).as("golden file %s", expected).isEqualTo(golden.orElseThrow());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
