package dev.bulwark.report.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.vuln.match.Finding;
import dev.bulwark.vuln.scan.ScanReport;
import dev.bulwark.vuln.suppress.ScanFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HtmlRendererTest {
  private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>");
  private static final Set<String> VOID = Set.of("meta", "input", "br", "link", "img", "hr");

  static String render(ScanReport report) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new HtmlRenderer().render(report, SarifRendererTest.CONTEXT, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** A package, summary and reference written to break out of the page. */
  static Finding hostile() {
    return new Finding(ScanFixtures.pkg(PackageRecord.builder(PackageType.NPM, "<script>alert(1)</script>", "1.0\"><b>").build(),
        "pkg:npm/evil@1.0?x=%22%3E%3Cscript%3E", 1, "/app/node_modules/<img src=x onerror=alert(2)>/package.json"),
        "GHSA-evil-<svg onload=alert(3)>", List.of("CVE-'); alert(4); ('"), ScanFixtures.lodashFinding().severity(),
        List.of("</td></tr></table><script>alert(5)</script>"), false, "\"><iframe src=javascript:alert(6)>",
        List.of("javascript:alert(7)"), "npm");
  }

  /** Every element closed in order (void elements aside), outside the script and style text. */
  static List<String> unbalanced(String html) {
    String markup = html.replaceAll("(?s)<script>.*?</script>", "<script></script>")
        .replaceAll("(?s)<style>.*?</style>", "<style></style>").replaceFirst("<!DOCTYPE html>", "");
    Deque<String> open = new ArrayDeque<>();
    List<String> problems = new ArrayList<>();
    Matcher tag = TAG.matcher(markup);
    while (tag.find()) {
      String name = tag.group(2).toLowerCase(Locale.ROOT);
      if (VOID.contains(name)) {
        continue;
      }
      if (tag.group(1).isEmpty()) {
        open.push(name);
      } else if (open.isEmpty() || !open.pop().equals(name)) {
        problems.add("unexpected </" + name + "> at " + tag.start());
      }
    }
    open.forEach(name -> problems.add("<" + name + "> never closed"));
    return problems;
  }

  @Nested
  class Structure {
    @Test
    void isOneBalancedDocumentThatLoadsNothing() throws IOException {
      String html = render(ScanFixtures.report());
      assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"en\">");
      assertThat(unbalanced(html)).isEmpty();
      assertThat(html).doesNotContainPattern("(?i)<(link|img|iframe|object|embed)\\b");
      assertThat(html).doesNotContainPattern("(?i)\\bsrc\\s*=");
      assertThat(html).doesNotContainPattern("(?i)url\\(");
      assertThat(html).doesNotContainPattern("(?i)@import");
      assertThat(html.split("<script", -1)).hasSize(2);
    }

    @Test
    void theCspAllowsExactlyTheInlineScriptByItsHash() throws IOException, NoSuchAlgorithmException {
      String html = render(ScanFixtures.report());
      Matcher csp = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">").matcher(html);
      assertThat(csp.find()).isTrue();
      assertThat(csp.start()).isLessThan(html.indexOf("<title>"));
      String policy = csp.group(1);
      assertThat(policy).startsWith("default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-")
          .doesNotContain("unsafe-eval").doesNotContain("script-src 'unsafe-inline'");
      String script = html.substring(html.indexOf("<script>") + "<script>".length(), html.indexOf("</script>"));
      String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
          .digest(script.getBytes(StandardCharsets.UTF_8)));
      assertThat(policy).contains("'sha256-" + hash + "'");
    }

    @Test
    void hasARowPerFindingAChartAndTheSuppressedWithReasons() throws IOException {
      String html = render(ScanFixtures.report());
      String findings = html.substring(html.indexOf("<table id=\"findings\">"), html.indexOf("</table>", html.indexOf("<table id=\"findings\">")));
      assertThat(findings.split("<tr data-id=", -1)).hasSize(3);
      assertThat(html).contains("data-severity=\"high\" data-count=\"1\"").contains("data-severity=\"low\" data-count=\"1\"")
          .contains("data-severity=\"critical\" data-count=\"0\"");
      assertThat(html).contains("<th scope=\"col\" data-key=\"severity\" data-type=\"number\"><button type=\"button\">");
      String suppressed = html.substring(html.indexOf("<section id=\"suppressed\">"));
      assertThat(suppressed).contains("GHSA-xvch-5gv4-984h").contains("not_affected")
          .contains("vulnerable_code_not_in_execute_path: minimist only parses our own argv")
          .contains("ignore-file .bulwark-ignore.yaml").contains("only loads trusted configuration (until 2099-12-31)");
    }

    @Test
    void showsImageDatabaseAgeAndWarnings() throws IOException {
      String html = render(ScanFixtures.report());
      assertThat(html).contains("registry.example.com/shop/web:1.4").contains("Debian GNU/Linux 12 (bookworm)")
          .contains(ScanFixtures.MANIFEST.toString()).contains("linux/amd64");
      assertThat(html).contains("<dt>Age</dt><dd>90 days</dd>");
      assertThat(html).contains("<section id=\"warnings\" class=\"warn\"><strong>2 warnings</strong>")
          .contains("entry refused: ../etc/passwd: name contains &#39;..&#39;");
      assertThat(html).contains("<p class=\"warn\" id=\"stale\">the advisory database is 40 days old");
    }

    @Test
    void saysSoWhenThereIsNothingToShow() throws IOException {
      ScanReport base = ScanFixtures.report();
      String html = render(new ScanReport(base.inventory(), List.of(), List.of(), base.database(), false, List.of()));
      assertThat(unbalanced(html)).isEmpty();
      assertThat(html).contains("<p id=\"no-findings\">").contains("Nothing was suppressed.")
          .doesNotContain("<table id=\"findings\">");
    }
  }

  @Nested
  class Escaping {
    @Test
    void escapesEveryStringFromTheImageAndTheAdvisories() throws IOException {
      String html = render(SarifRendererTest.reportWith(List.of(hostile())));
      assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
          .contains("1.0&quot;&gt;&lt;b&gt;")
          .contains("/app/node_modules/&lt;img src=x onerror=alert(2)&gt;/package.json")
          .contains("GHSA-evil-&lt;svg onload=alert(3)&gt;")
          .contains("CVE-&#39;); alert(4); (&#39;")
          .contains("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;alert(5)&lt;/script&gt;")
          .contains("&quot;&gt;&lt;iframe src=javascript:alert(6)&gt;");
      assertThat(html).doesNotContain("<script>alert").doesNotContain("<img").doesNotContain("<svg onload")
          .doesNotContain("<iframe").doesNotContain("href=\"javascript");
      assertThat(unbalanced(html)).isEmpty();
      assertThat(html.split("<script", -1)).hasSize(2);
    }
  }
}
