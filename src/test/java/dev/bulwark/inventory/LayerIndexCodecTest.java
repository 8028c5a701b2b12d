package dev.bulwark.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.image.Digest;
import dev.bulwark.layer.EntryType;
import dev.bulwark.layer.LayerEntry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LayerIndexCodecTest {
  private static final LayerIndex INDEX = new LayerIndex(
      List.of(
          new LayerEntry("/usr", EntryType.DIRECTORY, 0, 0755, ""),
          new LayerEntry("/usr/lib/os-release", EntryType.FILE, 12, 0644, ""),
          new LayerEntry("/usr/lib/libz.so", EntryType.SYMLINK, 0, 0777, "libz.so.1"),
          new LayerEntry("/etc/os-release", EntryType.HARDLINK, 0, 0644, "/usr/lib/os-release"),
          new LayerEntry("/café", EntryType.OTHER, 0, 0600, "")),
      List.of("/tmp/gone"),
      List.of("/var/cache"),
      Map.of(
          "/var/lib/dpkg/status", List.of(
              new Fact.FoundPackage(PackageRecord.builder(PackageType.DEB, "libc6", "2.36-9+deb12u4")
                  .arch("amd64").source("glibc", "2.36-9+deb12u4").build(), "dpkg-status"),
              new Fact.Warning("stanza 3 has no Version")),
          "/usr/lib/os-release", List.of(new Fact.ReleaseFile("os-release", Map.of("ID", "debian"))),
          "/var/lib/dpkg/info/libc6:amd64.list", List.of(
              new Fact.OwnedFiles(PackageType.DEB, "libc6", "amd64", List.of("/lib/x86_64-linux-gnu/libc.so.6")))),
      List.of("../evil: name contains '..'"));

  @Test
  void roundTripsEverything() throws IOException {
    Digest blob = Digest.sha256(new byte[] {1});
    LayerIndexCodec.CachedLayer decoded =
        LayerIndexCodec.decode(LayerIndexCodec.encode(new LayerIndexCodec.CachedLayer(INDEX, Set.of(blob))));
    assertThat(decoded.index()).isEqualTo(INDEX);
    assertThat(decoded.verifiedBlobs()).containsExactly(blob);
  }

  @Test
  void aFlippedBitIsDetected() {
    byte[] bytes = LayerIndexCodec.encode(new LayerIndexCodec.CachedLayer(INDEX, Set.of()));
    bytes[bytes.length / 2] ^= 4;
    assertThatThrownBy(() -> LayerIndexCodec.decode(bytes)).isInstanceOf(IOException.class);
  }

  @Test
  void aTruncatedEntryIsDetected() {
    byte[] bytes = LayerIndexCodec.encode(new LayerIndexCodec.CachedLayer(INDEX, Set.of()));
    assertThatThrownBy(() -> LayerIndexCodec.decode(java.util.Arrays.copyOf(bytes, bytes.length - 20)))
        .isInstanceOf(IOException.class);
  }
}
