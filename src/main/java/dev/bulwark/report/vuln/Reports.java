package dev.bulwark.report.vuln;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.io.Json;
import dev.bulwark.vuln.match.Finding;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** What several scan renderers share: JSON output, fix wording, and which advisory links are safe to follow. */
final class Reports {
  private Reports() {}

  /** Pretty-printed JSON and a final newline, leaving {@code out} open for the caller. */
  static void writeJson(OutputStream out, JsonNode document) throws IOException {
    Json.mapper().writerWithDefaultPrettyPrinter().writeValue(new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    }, document);
    out.write('\n');
  }

  /** {@code 1.2.6}, {@code no fix released}, or {@code fixed version unknown}. */
  static String fixText(Finding finding) {
    if (!finding.fixedVersions().isEmpty()) {
      return String.join(", ", finding.fixedVersions());
    }
    return finding.unfixed() ? "no fix released" : "fixed version unknown";
  }

  /** The finding's status word, as the JSON format writes it: {@code fixed}, {@code unfixed}, {@code affected}. */
  static String status(Finding finding) {
    return finding.fixedVersions().isEmpty() ? (finding.unfixed() ? "unfixed" : "affected") : "fixed";
  }

  /**
   * An advisory reference as a link target, only when it is an absolute http(s) URL: references
   * come from advisory feeds, and a {@code javascript:} or relative one must never become a link.
   */
  static Optional<String> webLink(String reference) {
    try {
      URI uri = new URI(reference.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
        return Optional.of(uri.toASCIIString());
      }
    } catch (URISyntaxException e) {
      // not a URI: no link
    }
    return Optional.empty();
  }
}
