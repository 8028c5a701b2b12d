package dev.bulwark.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** NOTICE must carry every credit written in NOTICE.d; dev/notice regenerates it. */
class NoticeTest {
  @Test
  void noticeIncludesEveryPart() throws IOException {
    String notice = Files.readString(Path.of("NOTICE"));
    try (Stream<Path> parts = Files.list(Path.of("NOTICE.d"))) {
      for (Path part : parts.sorted().toList()) {
        assertThat(notice).as("NOTICE is out of date: run dev/notice (%s)", part).contains(Files.readString(part));
      }
    }
  }
}
