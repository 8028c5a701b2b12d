package dev.bulwark.report;

/**
 * Escaping for the HTML reports (scan and audit). Everything from an image, an advisory or an
 * audited file is attacker-controlled, so every string goes through {@link #text}, in element content
 * and in (always double-quoted) attribute values alike. Control characters and unpaired surrogates
 * become U+FFFD.
 */
public final class Html {
  private Html() {}

  public static String text(String value) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    int i = 0;
    while (i < value.length()) {
      int c = value.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          boolean control = c < 0x20 && c != '\n' && c != '\t' || c >= 0x7f && c < 0xa0;
          out.appendCodePoint(control || Character.isSurrogate((char) c) && c <= 0xffff ? 0xfffd : c);
        }
      }
    }
    return out.toString();
  }
}
