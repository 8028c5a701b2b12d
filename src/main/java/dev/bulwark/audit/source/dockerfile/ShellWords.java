package dev.bulwark.audit.source.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shell command line into words as POSIX sh would before expansion, so rules can find
 * commands ({@code sudo}, {@code curl … | sh}) without regular expressions over raw text: quotes
 * and backslashes are removed, comments skipped, and the control operators {@code && || ; | & ( )}
 * become words of their own (an unquoted newline reads as {@code ;}). Command substitutions
 * ({@code $(…)}, backquotes) stay inside the word they appear in. Variables are not expanded.
 */
public final class ShellWords {
  private ShellWords() {}

  public static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\'' -> {
          int end = text.indexOf('\'', i + 1);
          end = end < 0 ? length : end;
          word.append(text, i + 1, end);
          inWord = true;
          i = end;
        }
        case '"' -> {
          inWord = true;
          i = doubleQuoted(text, i + 1, word);
        }
        case '\\' -> {
          if (i + 1 < length && text.charAt(i + 1) == '\n') {
            i++; // a line continuation joins the lines
          } else if (i + 1 < length) {
            word.append(text.charAt(++i));
            inWord = true;
          }
        }
        case '$', '`' -> {
          int end = substitution(text, i);
          word.append(text, i, end);
          inWord = true;
          i = end - 1;
        }
        case '#' -> {
          if (inWord) {
            word.append(c);
          } else {
            int newline = text.indexOf('\n', i);
            i = (newline < 0 ? length : newline) - 1;
          }
        }
        case ' ', '\t', '\r' -> {
          inWord = flush(words, word, inWord);
        }
        case '\n', ';', '|', '&', '(', ')' -> {
          boolean redirection = c == '&' && (word.length() > 0 && (word.charAt(word.length() - 1) == '>'
              || word.charAt(word.length() - 1) == '<') || i + 1 < length && text.charAt(i + 1) == '>');
          if (redirection) {
            word.append(c);
            inWord = true;
            break;
          }
          inWord = flush(words, word, inWord);
          String operator = c == '\n' ? ";" : String.valueOf(c);
          if ((c == '&' || c == '|' || c == ';') && i + 1 < length && text.charAt(i + 1) == c) {
            operator = operator + c;
            i++;
          }
          if (!(operator.equals(";") && (words.isEmpty() || words.getLast().equals(";")))) {
            words.add(operator);
          }
        }
        default -> {
          word.append(c);
          inWord = true;
        }
      }
    }
    flush(words, word, inWord);
    while (!words.isEmpty() && words.getLast().equals(";")) {
      words.removeLast();
    }
    return words;
  }

  private static boolean flush(List<String> words, StringBuilder word, boolean inWord) {
    if (inWord) {
      words.add(word.toString());
      word.setLength(0);
    }
    return false;
  }

  /** Appends a double-quoted string's content; returns the index of its closing quote. */
  private static int doubleQuoted(String text, int start, StringBuilder word) {
    int i = start;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') {
        return i;
      }
      if (c == '\\' && i + 1 < text.length() && "$`\"\\\n".indexOf(text.charAt(i + 1)) >= 0) {
        if (text.charAt(i + 1) != '\n') {
          word.append(text.charAt(i + 1));
        }
        i += 2;
        continue;
      }
      if (c == '$' || c == '`') {
        int end = substitution(text, i);
        word.append(text, i, end);
        i = end;
        continue;
      }
      word.append(c);
      i++;
    }
    return text.length();
  }

  /**
   * The end (exclusive) of a {@code $(…)}, {@code ${…}}, {@code $((…))} or backquoted substitution
   * starting at {@code start}.
   */
  private static int substitution(String text, int start) {
    char c = text.charAt(start);
    if (c == '`') {
      int end = text.indexOf('`', start + 1);
      return end < 0 ? text.length() : end + 1;
    }
    if (start + 1 >= text.length()) {
      return start + 1;
    }
    char open = text.charAt(start + 1);
    char close = open == '(' ? ')' : open == '{' ? '}' : 0;
    if (close == 0) {
      return start + 1;
    }
    int depth = 0;
    for (int i = start + 1; i < text.length(); i++) {
      char d = text.charAt(i);
      if (d == '\\') {
        i++;
      } else if (d == open) {
        depth++;
      } else if (d == close && --depth == 0) {
        return i + 1;
      }
    }
    return text.length();
  }
}
