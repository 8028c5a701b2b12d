package dev.bulwark.cli;

import java.util.Map;
import java.util.regex.Pattern;

/** What the CLI knows about the terminal it writes to. */
final class Terminal {
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\t]]");

  private Terminal() {}

  /**
   * Whether stderr is a terminal. Java cannot tell for stderr alone, so the launcher says so
   * (BULWARK_STDERR_TTY=1, from {@code [ -t 2 ]}).
   */
  static boolean stderrIsTerminal(Map<String, String> environment) {
    return "1".equals(environment.get("BULWARK_STDERR_TTY"));
  }

  /** Removes control characters, so text from an image cannot drive the user's terminal. */
  static String sanitize(String text) {
    return text == null ? "" : CONTROL.matcher(text).replaceAll("?");
  }
}
