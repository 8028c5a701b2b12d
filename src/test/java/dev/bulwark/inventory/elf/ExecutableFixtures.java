package dev.bulwark.inventory.elf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.io.Json;
import dev.bulwark.io.Scratch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Fixture executables for the executable analyzer's tests, read from the source tree (tests run in
 * the project directory): each case directory under {@code src/test/resources/inventory/} holds
 * {@code binary.gz} (stored compressed to keep the repository small) and {@code expected.json}, the
 * facts the analyzer reports for it. Regenerate the expected files with
 * {@code -Dbulwark.updateGolden=true}.
 */
public final class ExecutableFixtures {
  private static final Path RESOURCES = Path.of("src/test/resources/inventory");
  private static final TypeReference<List<Fact>> FACTS = new TypeReference<>() {};

  private ExecutableFixtures() {}

  /** The uncompressed content of {@code <case>/binary.gz}, e.g. {@code golang/go1.19-linux-amd64}. */
  public static byte[] binary(String caseDir) {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(RESOURCES.resolve(caseDir).resolve("binary.gz")))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the analyzer on {@code content} as an executable at {@code imagePath}, streaming it once. */
  public static List<Fact> analyze(String imagePath, byte[] content) {
    try (Scratch scratch = Scratch.inTempDir()) {
      return new ExecutableAnalyzer().analyze(AnalyzerHarness.file(imagePath, content, 0755, scratch));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts that {@code facts} equal {@code <case>/expected.json}, or rewrites it when updating golden files. */
  public static void assertGolden(String caseDir, List<Fact> facts) {
    try {
      String actual = Json.mapper().writerWithDefaultPrettyPrinter().forType(FACTS).writeValueAsString(facts) + "\n";
      Path golden = RESOURCES.resolve(caseDir).resolve("expected.json");
      if (Boolean.getBoolean("bulwark.updateGolden")) {
        Files.writeString(golden, actual);
      }
      List<Fact> expected = Json.mapper().readValue(Files.readString(golden), FACTS);
      assertThat(facts).as(caseDir).containsExactlyElementsOf(expected);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
