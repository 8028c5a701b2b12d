package dev.bulwark.inventory.dpkg;

import java.util.Set;

/**
 * dpkg's {@code Status: <want> <flag> <state>} field, validated the way dpkg validates it.
 *
 * <p>Whether a package counts as installed depends on the third word only: the first two are what
 * the administrator asked for ({@code deinstall}, {@code purge}, {@code hold}) and what went wrong,
 * not what is on disk. The rule is {@code dpkg-query -W}'s (it lists every state but
 * {@code not-installed}) less {@code config-files}, whose packages left only their configuration
 * files behind: so {@code unpacked}, {@code half-installed}, {@code half-configured} and the two
 * trigger states count, because their files are (at least partly) on disk.
 */
record DpkgStatus(String want, String flag, State state) {
  /** The third word of {@code Status}, as {@code dpkg-query(1)} names the states. */
  enum State {
    NOT_INSTALLED("not-installed", false),
    CONFIG_FILES("config-files", false),
    HALF_INSTALLED("half-installed", true),
    UNPACKED("unpacked", true),
    HALF_CONFIGURED("half-configured", true),
    TRIGGERS_AWAITED("triggers-awaited", true),
    TRIGGERS_PENDING("triggers-pending", true),
    INSTALLED("installed", true);

    private final String word;
    private final boolean installed;

    State(String word, boolean installed) {
      this.word = word;
      this.installed = installed;
    }

    String word() {
      return word;
    }

    /** Whether a package in this state is reported as installed. */
    boolean installed() {
      return installed;
    }

    static State of(String word) {
      for (State state : values()) {
        if (state.word.equals(word)) {
          return state;
        }
      }
      throw new IllegalArgumentException("third (status) word in 'Status' field has invalid value '" + word + "'");
    }
  }

  private static final Set<String> WANTS = Set.of("unknown", "install", "hold", "deinstall", "purge");
  private static final Set<String> FLAGS = Set.of("ok", "reinstreq", "hold", "hold-reinstreq");

  /** Parses a Status value; throws {@link IllegalArgumentException} naming what is wrong. */
  static DpkgStatus parse(String value) {
    String[] words = words(value);
    if (words == null) {
      throw new IllegalArgumentException("'Status' field '" + value + "' is not three words");
    }
    if (!WANTS.contains(words[0])) {
      throw new IllegalArgumentException("first (want) word in 'Status' field has invalid value '" + words[0] + "'");
    }
    if (!FLAGS.contains(words[1])) {
      throw new IllegalArgumentException("second (error) word in 'Status' field has invalid value '" + words[1] + "'");
    }
    return new DpkgStatus(words[0], words[1], State.of(words[2]));
  }

  /** The three whitespace-separated words of the value, or null when there are not three. */
  private static String[] words(String value) {
    String[] words = new String[3];
    int count = 0;
    int i = 0;
    int n = value.length();
    while (i < n) {
      while (i < n && isSpace(value.charAt(i))) {
        i++;
      }
      if (i == n) {
        break;
      }
      int start = i;
      while (i < n && !isSpace(value.charAt(i))) {
        i++;
      }
      if (count == 3) {
        return null;
      }
      words[count++] = value.substring(start, i);
    }
    return count == 3 ? words : null;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  @Override
  public String toString() {
    return want + " " + flag + " " + state.word();
  }
}
