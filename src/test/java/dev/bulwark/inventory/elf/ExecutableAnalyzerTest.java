package dev.bulwark.inventory.elf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.inventory.AnalyzedFile;
import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.io.Scratch;
import dev.bulwark.layer.EntryType;
import dev.bulwark.layer.LayerEntry;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExecutableAnalyzerTest {
  private final ExecutableAnalyzer analyzer = new ExecutableAnalyzer();

  private boolean requires(String path, int mode) {
    return analyzer.required(new LayerEntry(path, EntryType.FILE, 1 << 20, mode, ""));
  }

  @Nested
  class Required {
    @ParameterizedTest
    @ValueSource(strings = {"/usr/bin/containerd", "/usr/lib/x86_64-linux-gnu/libfoo.so.1", "/opt/app.d/run",
        "/app/server.bin"})
    void executableFiles(String path) {
      assertThat(requires(path, 0755)).isTrue();
      assertThat(requires(path, 0700)).isTrue();
    }

    @Test
    void notFilesWithoutAnExecuteBit() {
      assertThat(requires("/usr/bin/containerd", 0644)).isFalse();
    }

    @Test
    void windowsExecutablesWhateverTheirMode() {
      assertThat(requires("/Windows/System32/app.exe", 0644)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/usr/bin/start.sh", "/usr/lib/python3/dist-packages/x.py", "/app/run.js",
        "/opt/lib/app.jar", "/etc/init.d/x.conf"})
    void notScriptsOrDataThatHappenToBeExecutable(String path) {
      assertThat(requires(path, 0755)).isFalse();
    }

    @Test
    void notFilesTooSmallForAHeader() {
      assertThat(analyzer.required(new LayerEntry("/usr/bin/x", EntryType.FILE, 100, 0755, ""))).isFalse();
    }
  }

  @Nested
  class NonBinaries {
    @Test
    void areGivenUpAfterTheirFirstBytes() throws IOException {
      byte[] script = ("#!/bin/sh\n" + "echo hello\n".repeat(100_000)).getBytes(StandardCharsets.US_ASCII);
      CountingFile file = new CountingFile(script);
      assertThat(analyzer.analyze(file)).isEmpty();
      assertThat(file.read).isEqualTo(BinaryLayout.MAGIC_BYTES);
    }

    @Test
    void executablesWithoutBuildInformationYieldNothing() {
      byte[] plain = new ElfBuilder().load(0, 0x400000, 0x3000, ElfBuilder.RX)
          .load(0x3000, 0x403000, 0x1000, ElfBuilder.RW).build(0x5000);
      assertThat(ExecutableFixtures.analyze("/usr/bin/true", plain)).isEmpty();
    }
  }

  @Test
  void readsBothGoAndRustDataInOnePass() {
    // No toolchain writes both, but one pass must find whatever is there.
    byte[] go = ExecutableFixtures.binary("golang/go1.19-linux-amd64");
    byte[] rust = ExecutableFixtures.binary("rust/cargo-auditable");
    byte[] both = new byte[go.length + rust.length];
    System.arraycopy(go, 0, both, 0, go.length);
    System.arraycopy(rust, 0, both, go.length, rust.length);
    List<Fact> facts = ExecutableFixtures.analyze("/app", both);
    assertThat(AnalyzerHarness.packages(facts)).extracting(p -> p.type().name() + ":" + p.name())
        .contains("GOLANG:stdlib", "CARGO:crate_with_features");
  }

  /** An analyzed file that counts what is read from it. */
  private static final class CountingFile implements AnalyzedFile {
    private final byte[] content;
    long read;

    CountingFile(byte[] content) {
      this.content = content;
    }

    @Override
    public String path() {
      return "/usr/local/bin/script";
    }

    @Override
    public long size() {
      return content.length;
    }

    @Override
    public int mode() {
      return 0755;
    }

    @Override
    public InputStream open() {
      return new FilterInputStream(new ByteArrayInputStream(content)) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          read += b < 0 ? 0 : 1;
          return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          read += Math.max(0, n);
          return n;
        }
      };
    }

    @Override
    public Path file() {
      throw new AssertionError("an executable is streamed, never spilled");
    }

    @Override
    public byte[] readAll(long limit) {
      throw new AssertionError("an executable is streamed, never held whole");
    }

    @Override
    public Scratch scratch() {
      throw new AssertionError("no scratch files");
    }
  }
}
