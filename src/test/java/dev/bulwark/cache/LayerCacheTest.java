package dev.bulwark.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.image.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerCacheTest {
  @TempDir Path dir;

  private static String key(String name) {
    return Digest.sha256(name.getBytes(StandardCharsets.UTF_8)).hex();
  }

  @Test
  void storesAndReturnsEntries() {
    LayerCache cache = new LayerCache(dir, 1 << 20);
    assertThat(cache.get(key("a"))).isEmpty();
    cache.put(key("a"), new byte[] {1, 2, 3});
    assertThat(cache.get(key("a"))).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));
  }

  @Test
  void evictsLeastRecentlyUsedPastItsBound() throws Exception {
    LayerCache cache = new LayerCache(dir, 2500);
    cache.put(key("old"), new byte[1000]);
    Files.setLastModifiedTime(dir.resolve(key("old") + ".bin"), FileTime.fromMillis(1000));
    cache.put(key("used"), new byte[1000]);
    Files.setLastModifiedTime(dir.resolve(key("used") + ".bin"), FileTime.fromMillis(2000));
    cache.get(key("used")); // a read refreshes it
    cache.put(key("new"), new byte[1000]);
    assertThat(cache.get(key("old"))).isEmpty();
    assertThat(cache.get(key("used"))).isPresent();
    assertThat(cache.get(key("new"))).isPresent();
  }

  @Test
  void concurrentWritersAndReadersNeverSeeAPartialEntry() throws Exception {
    LayerCache cache = new LayerCache(dir, 1L << 30);
    byte[] a = new byte[200_000];
    byte[] b = new byte[200_000];
    java.util.Arrays.fill(a, (byte) 'a');
    java.util.Arrays.fill(b, (byte) 'b');
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();
    List<String> torn = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 200; i++) {
      byte[] value = i % 2 == 0 ? a : b;
      futures.add(pool.submit(() -> cache.put(key("shared"), value)));
      futures.add(pool.submit(() -> cache.get(key("shared")).ifPresent(v -> {
        if (v.length != 200_000 || (!java.util.Arrays.equals(v, a) && !java.util.Arrays.equals(v, b))) {
          torn.add("length " + v.length);
        }
      })));
    }
    for (Future<?> future : futures) {
      future.get();
    }
    pool.shutdown();
    assertThat(torn).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(key("shared") + ".bin");
    }
  }
}
