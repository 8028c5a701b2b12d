package dev.bulwark.enforce.json;

/**
 * Go's case-insensitive match of a JSON key against a struct field name (encoding/json
 * {@code foldName}, and {@code equalFoldRight} before Go 1.21): Unicode simple case folding. Field
 * names are ASCII, and the only non-ASCII characters whose fold orbit holds an ASCII letter are
 * U+017F LATIN SMALL LETTER LONG S (folds with s) and U+212A KELVIN SIGN (folds with k), so
 * {@code "ſecurityOpt"} sets {@code SecurityOpt} and {@code "Lin\u212As"} sets {@code Links}.
 */
public final class GoFold {
  static final int LONG_S = 0x017F;
  static final int KELVIN = 0x212A;

  private GoFold() {}

  /** Whether {@code key} matches the ASCII field name {@code field} under Go's folding. */
  public static boolean equalFold(String field, String key) {
    int i = 0;
    int j = 0;
    while (i < field.length() && j < key.length()) {
      char f = field.charAt(i++);
      int k = key.codePointAt(j);
      j += Character.charCount(k);
      if (f == k) {
        continue;
      }
      char upper = asciiUpper(f);
      if (k < 0x80) {
        if (upper != asciiUpper((char) k) || upper < 'A' || upper > 'Z') {
          return false;
        }
      } else if (!((k == LONG_S && upper == 'S') || (k == KELVIN && upper == 'K'))) {
        return false;
      }
    }
    return i == field.length() && j == key.length();
  }

  private static char asciiUpper(char c) {
    return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
  }
}
