package dev.bulwark.report.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.testing.Tools;
import dev.bulwark.vuln.scan.ScanReport;
import dev.bulwark.vuln.suppress.ScanFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The HTML report in a real browser (Debian's headless Chromium): its script runs under the page's
 * Content Security Policy without a console message, sorting and filtering driven by the URL
 * fragment change the DOM, and a screenshot renders (target/html-report/report.png, for a person
 * to look at).
 */
@Tag("system")
class HtmlReportBrowserTest {
  private static final Path OUT = Path.of("target/html-report");
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static Path page;

  @BeforeAll
  static void renderReport() throws IOException {
    if (Tools.which("chromium").isEmpty() && Tools.which("apt-get").isPresent()
        && "root".equals(System.getProperty("user.name"))) {
      try {
        try {
          Tools.run(Duration.ofMinutes(10), Path.of("."), "apt-get", "install", "-y", "-q", "chromium");
        } catch (AssertionError staleLists) {
          Tools.run(Duration.ofMinutes(5), Path.of("."), "apt-get", "update", "-q");
          Tools.run(Duration.ofMinutes(10), Path.of("."), "apt-get", "install", "-y", "-q", "chromium");
        }
      } catch (AssertionError e) {
        Assumptions.abort("chromium is not installed and apt-get could not install it: " + e.getMessage());
      }
    }
    Tools.assumeTools("chromium");
    Files.createDirectories(OUT);
    ScanReport report = SarifRendererTest.reportWith(List.of(HtmlRendererTest.hostile(), ScanFixtures.minimistFinding(),
        ScanFixtures.snakeyamlFinding()));
    page = OUT.resolve("report.html").toAbsolutePath();
    try (OutputStream out = Files.newOutputStream(page)) {
      new HtmlRenderer().render(report, SarifRendererTest.CONTEXT, out);
    }
  }

  private static String chromium(String fragment, String... action) throws IOException {
    Path profile = Files.createTempDirectory("bulwark-chromium");
    try {
      List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
          "--disable-background-networking", "--no-first-run", "--user-data-dir=" + profile,
          "--enable-logging=stderr", "--v=0", "--window-size=1400,1000"));
      command.addAll(List.of(action));
      command.add(page.toUri() + fragment);
      return Tools.run(TIMEOUT, OUT, command);
    } finally {
      Tools.deleteTree(profile);
    }
  }

  private static List<String> rowOrder(String dom) {
    List<String> ids = new ArrayList<>();
    Matcher row = Pattern.compile("<tr data-id=\"([^\"]*)\"[^>]*>(?:<td[^>]*>.*?</td>){3}<td title=\"[^\"]*\">([^<]*)</td>")
        .matcher(dom);
    while (row.find()) {
      ids.add(row.group(2));
    }
    return ids;
  }

  @Test
  void theScriptRunsUnderTheCspAndSortsByTheFragment() throws IOException {
    String output = chromium("#sort=package:asc", "--dump-dom");
    assertThat(output).contains("data-ready=\"true\"").contains("data-sorted=\"package:asc\"");
    assertThat(output).as("console messages (script errors, CSP violations)").doesNotContain(":CONSOLE");
    List<String> packages = rowOrder(output);
    assertThat(packages).hasSize(5);
    assertThat(packages).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
  }

  @Test
  void sortsNumericColumnsAndFilters() throws IOException {
    String bySeverity = chromium("#sort=score:desc", "--dump-dom");
    assertThat(bySeverity).contains("data-sorted=\"score:desc\"");
    Matcher scores = Pattern.compile("<td class=\"num\" data-v=\"([-0-9.]+)\">").matcher(bySeverity);
    List<Double> values = new ArrayList<>();
    while (scores.find()) {
      values.add(Double.parseDouble(scores.group(1)));
    }
    assertThat(values).hasSize(5).isSortedAccordingTo(java.util.Comparator.reverseOrder());

    String filtered = chromium("#filter=lodash", "--dump-dom");
    assertThat(filtered).contains("<span id=\"shown\">1</span>");
    assertThat(filtered.split("<tr data-id=\"[^\"]*\" hidden", -1)).hasSize(5);
  }

  @Test
  void rendersAScreenshot() throws IOException {
    Path png = OUT.resolve("report.png").toAbsolutePath();
    Files.deleteIfExists(png);
    chromium("", "--screenshot=" + png, "--hide-scrollbars");
    byte[] image = Files.readAllBytes(png);
    assertThat(image.length).isGreaterThan(10_000);
    assertThat(new String(image, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }
}
