package dev.bulwark.audit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Opens the HTML report in headless Chromium (Debian's chromium package): the page must load with
 * its pinned script running under its own Content-Security-Policy and no console error, and a
 * screenshot is left in target/ for people to look at.
 */
@Tag("system")
class HtmlReportBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @ParameterizedTest
  @ValueSource(strings = {"en", "zh-CN"})
  void rendersWithoutErrorsInHeadlessChromium(String language) throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium package is not installed (apt-get install -y chromium)");
    Path dir = Files.createDirectories(Path.of(System.getProperty("bulwark.build.dir", "target"), "audit-html"));
    Path page = dir.resolve("report-" + language + ".html");
    Files.writeString(page, AuditReportsTest.render("html", language), StandardCharsets.UTF_8);
    Path profile = Files.createTempDirectory(dir, "profile");
    Path screenshot = dir.resolve("report-" + language + ".png");
    Files.deleteIfExists(screenshot);
    List<String> common = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--window-size=1280,1800");
    Process dom = new ProcessBuilder(concat(common, "--dump-dom", page.toUri().toString()))
        .redirectError(dir.resolve("chromium-" + language + ".log").toFile()).start();
    String dumped = new String(dom.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(dom.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(dir.resolve("chromium-" + language + ".log"));
    assertThat(dumped).as("the pinned script ran").contains("data-ready=\"1\"");
    assertThat(log).doesNotContain("Refused to").doesNotContain("Uncaught");
    Process shot = new ProcessBuilder(concat(common, "--screenshot=" + screenshot, page.toUri().toString()))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(shot.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(screenshot).exists();
    assertThat(Files.size(screenshot)).isGreaterThan(10_000);
  }

  private static List<String> concat(List<String> head, String... tail) {
    return java.util.stream.Stream.concat(head.stream(), java.util.Arrays.stream(tail)).toList();
  }
}
