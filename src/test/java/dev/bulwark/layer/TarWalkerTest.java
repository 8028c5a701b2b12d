package dev.bulwark.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.io.Limits;
import dev.bulwark.testing.Tars;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TarWalkerTest {
  private static final String LONG_DIR = "/" + "d".repeat(60) + "/" + "e".repeat(60);
  private static final String LONG_FILE = LONG_DIR + "/" + "f".repeat(80) + ".txt";

  /** Records what the walker reports, one line per event, with file contents. */
  static final class Recorder implements EntryVisitor {
    final List<String> events = new ArrayList<>();

    @Override
    public void entry(LayerEntry entry, InputStream content) throws IOException {
      String text = entry.type() == EntryType.FILE && entry.size() < 100
          ? " \"" + new String(content.readAllBytes(), StandardCharsets.UTF_8).strip() + "\"" : "";
      events.add(entry.type() + " " + entry.path() + (entry.linkTarget().isEmpty() ? "" : " -> " + entry.linkTarget()) + text);
    }

    @Override
    public void whiteout(String path) {
      events.add("WHITEOUT " + path);
    }

    @Override
    public void opaque(String directory) {
      events.add("OPAQUE " + directory);
    }

    @Override
    public void rejected(String name, String reason) {
      events.add("REJECTED " + name + ": " + reason);
    }
  }

  static List<String> walk(byte[] tar) throws IOException {
    Recorder recorder = new Recorder();
    TarWalker.walk(new ByteArrayInputStream(tar), Limits.DEFAULT, "test", recorder);
    return recorder.events;
  }

  @Nested
  class RealArchivesFromGnuTar {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gnu", "pax", "ustar"})
    void readsLongNamesUnicodeAndHardlinks(String format) throws IOException {
      List<String> events = walk(Files.readAllBytes(Path.of("src/test/resources/layer/tar-formats/" + format + ".tar")));
      assertThat(events).contains(
          "DIRECTORY /",
          "FILE /café-ü.txt \"données\"",
          "FILE " + LONG_FILE + " \"deep file\"",
          "HARDLINK /hard-to-cafe -> /café-ü.txt");
      if (!format.equals("ustar")) {
        assertThat(events).contains("SYMLINK /link-to-long -> " + LONG_FILE.substring(1));
      }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gnu", "pax"})
    void refusesSparseFilesWithoutLosingTheRest(String format) throws IOException {
      List<String> events = walk(Files.readAllBytes(Path.of("src/test/resources/layer/tar-formats/" + format + ".tar")));
      assertThat(events).anyMatch(e -> e.startsWith("REJECTED ./sparse.bin: sparse"));
      assertThat(events.getLast()).isNotNull();
      assertThat(events).contains("HARDLINK /hard-to-cafe -> /café-ü.txt");
    }
  }

  @Nested
  class Whiteouts {
    @Test
    void reportsWhiteoutsAndOpaqueMarkersNotAsEntries() throws IOException {
      byte[] tar = new Tars().dir("etc").file("etc/.wh.passwd", "").file("var/.wh..wh..opq", "")
          .file("x/.wh..wh.plnk", "").build();
      assertThat(walk(tar)).containsExactly("DIRECTORY /etc", "WHITEOUT /etc/passwd", "OPAQUE /var");
    }
  }

  @Nested
  class HostileArchives {
    @Test
    void aCorruptHeaderChecksumIsAnError() {
      byte[] tar = new Tars().file("a", "x").build();
      tar[0] ^= 0x20;
      assertThatThrownBy(() -> walk(tar)).isInstanceOf(InputException.class).hasMessageContaining("checksum");
    }

    @Test
    void aTruncatedEntryIsAnError() {
      byte[] tar = new Tars().file("a", "x".repeat(2000)).build();
      byte[] cut = Arrays.copyOf(tar, 512 + 1000);
      assertThatThrownBy(() -> walk(cut)).hasMessageContaining("truncated");
    }

    @Test
    void anOversizedGnuLongNameIsRefusedBeforeItIsRead() {
      byte[] tar = new Tars().file("p".repeat(5000), "x").build(); // pax path record over the 4096 limit
      List<String> events = assertThatCode(tar);
      assertThat(events).singleElement().asString().startsWith("REJECTED").contains("longer than");
    }

    @Test
    void countsEntriesAgainstTheLimit() {
      Tars tars = new Tars();
      for (int i = 0; i < 20; i++) {
        tars.file("f" + i, "");
      }
      Limits tight = new Limits(1 << 30, 10, 4096, 1 << 20, 1 << 20);
      assertThatThrownBy(() -> TarWalker.walk(new ByteArrayInputStream(tars.build()), tight, "t", new Recorder()))
          .isInstanceOf(LimitExceededException.class);
    }

    @Test
    void aNonTarStreamIsNotMistakenForAnEmptyLayer() {
      byte[] garbage = "this is not a tar archive at all".repeat(40).getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> walk(garbage)).isInstanceOf(InputException.class);
    }

    private List<String> assertThatCode(byte[] tar) {
      try {
        return walk(tar);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
  }
}
