package dev.bulwark.vuln.advisory;

/** An OSV reference: its type as written ({@code ADVISORY}, {@code FIX}, {@code WEB}, …) and URL. */
public record Reference(String type, String url) {
  public static final int MAX_URL_LENGTH = 8192;

  public Reference {
    if (type == null || type.isEmpty()) {
      throw new IllegalArgumentException("reference without a type");
    }
    if (url == null || url.isEmpty()) {
      throw new IllegalArgumentException("reference without a url");
    }
    if (url.length() > MAX_URL_LENGTH || type.length() > 64) {
      throw new IllegalArgumentException("reference longer than " + MAX_URL_LENGTH + " characters");
    }
  }
}
