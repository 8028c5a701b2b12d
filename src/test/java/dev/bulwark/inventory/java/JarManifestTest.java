package dev.bulwark.inventory.java;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JarManifestTest {
  @Nested
  class Parsing {
    @ParameterizedTest
    @ValueSource(strings = {"\r\n", "\n", "\r"})
    void acceptsEveryLineEnding(String eol) {
      JarManifest manifest = JarManifest.parse("Manifest-Version: 1.0" + eol + "Implementation-Title: a" + eol
          + "Implementation-Version: 1.2" + eol + eol + "Name: x/" + eol + "Implementation-Title: b" + eol);

      assertThat(manifest.value("Implementation-Title")).contains("a");
      assertThat(manifest.value("Implementation-Version")).contains("1.2");
    }

    @Test
    void joinsContinuationLinesWithoutTheLeadingSpace() {
      JarManifest manifest = JarManifest.parse("Bundle-SymbolicName: com.fasterxml.jackson.co\n re.jackson-databind\n");

      assertThat(manifest.value("Bundle-SymbolicName")).contains("com.fasterxml.jackson.core.jackson-databind");
    }

    @Test
    void namesAreCaseInsensitiveAndTheFirstOccurrenceWins() {
      JarManifest manifest = JarManifest.parse("implementation-title: first\nIMPLEMENTATION-TITLE: second\n");

      assertThat(manifest.value("Implementation-Title")).contains("first");
    }

    @Test
    void ignoresMalformedLinesAndBlankValues() {
      JarManifest manifest = JarManifest.parse("no colon here\n: no name\nImplementation-Title:   \nA: b\n");

      assertThat(manifest.value("Implementation-Title")).isEmpty();
      assertThat(manifest.value("A")).contains("b");
    }

    @Test
    void realManifestFromMavenCentral() {
      JarManifest manifest = JarManifest.parse(TestArchives.text("manifests/jackson-databind-2.9.10.8.MF"));

      assertThat(manifest.value("Implementation-Vendor-Id")).contains("com.fasterxml.jackson.core");
      assertThat(manifest.value("Bundle-SymbolicName")).contains("com.fasterxml.jackson.core.jackson-databind");
      assertThat(manifest.value("Export-Package").orElseThrow()).startsWith("com.fasterxml.jackson.databind;")
          .doesNotContain("\n");
    }
  }

  @Nested
  class ReadingTheMainSection {
    @Test
    void stopsReadingAtTheFirstBlankLine() throws IOException {
      byte[] head = "Implementation-Title: a\r\n\r\n".getBytes(StandardCharsets.UTF_8);
      CountingStream in = new CountingStream(concat(head, new byte[1 << 20]));

      Optional<JarManifest> manifest = JarManifest.readMainSection(in, 1 << 20);

      assertThat(manifest.orElseThrow().value("Implementation-Title")).contains("a");
      assertThat(in.read).isLessThan(64 << 10);
    }

    @Test
    void findsABlankLineSplitAcrossReads() throws IOException {
      // One byte per read: "\r\n\r\n" arrives in four reads.
      InputStream trickle = new ByteArrayInputStream(
          "Implementation-Title: a\r\n\r\nImplementation-Title: b\r\n".getBytes(StandardCharsets.UTF_8)) {
        @Override
        public synchronized int read(byte[] b, int off, int len) {
          return super.read(b, off, Math.min(len, 1));
        }
      };

      assertThat(JarManifest.readMainSection(trickle, 1000).orElseThrow().value("Implementation-Title")).contains("a");
    }

    @Test
    void mainSectionOverTheLimitIsRefused() throws IOException {
      byte[] big = ("A: " + "x".repeat(5000) + "\n").getBytes(StandardCharsets.UTF_8);

      assertThat(JarManifest.readMainSection(new ByteArrayInputStream(big), 4096)).isEmpty();
      assertThat(JarManifest.readMainSection(new ByteArrayInputStream(big), 8192)).isPresent();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static final class CountingStream extends ByteArrayInputStream {
    long read;

    CountingStream(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      int n = super.read(b, off, len);
      read += Math.max(0, n);
      return n;
    }
  }
}
