package dev.bulwark.audit.source.dockerfile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.bulwark.io.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The pieces of instruction syntax BuildKit shares between instructions: flags, JSON arrays, words. */
final class InstructionSyntax {
  private InstructionSyntax() {}

  /** The leading {@code --name[=value]} words, quotes removed, and what follows them. */
  record Flags(List<String> flags, String rest) {}

  /**
   * As BuildKit's {@code extractBuilderFlags}: every leading word starting with {@code --}; a lone
   * {@code --} ends them.
   */
  static Flags flags(String line) {
    List<String> flags = new ArrayList<>();
    int pos = 0;
    int length = line.length();
    while (true) {
      while (pos < length && Character.isWhitespace(line.charAt(pos))) {
        pos++;
      }
      if (pos + 1 >= length || line.charAt(pos) != '-' || line.charAt(pos + 1) != '-') {
        return new Flags(flags, line.substring(Math.min(pos, length)));
      }
      StringBuilder word = new StringBuilder();
      char quote = 0;
      while (pos < length) {
        char c = line.charAt(pos);
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          } else if (c == '\\' && pos + 1 < length) {
            word.append(line.charAt(++pos));
          } else {
            word.append(c);
          }
        } else if (Character.isWhitespace(c)) {
          break;
        } else if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '\\' && pos + 1 < length) {
          word.append(line.charAt(++pos));
        } else {
          word.append(c);
        }
        pos++;
      }
      if (word.toString().equals("--")) {
        return new Flags(flags, line.substring(pos).strip());
      }
      flags.add(word.toString());
    }
  }

  /**
   * The elements of a JSON array of strings at the start of {@code text} (what follows the first
   * value is ignored, as Go's decoder does); empty when the text is not a JSON array.
   *
   * @throws IllegalArgumentException when it is a JSON array with an element that is not a string
   */
  static Optional<List<String>> jsonArray(String text) {
    String trimmed = text.stripLeading();
    if (!trimmed.startsWith("[")) {
      return Optional.empty();
    }
    List<String> result = new ArrayList<>();
    try (JsonParser parser = Json.mapper().getFactory().createParser(trimmed)) {
      parser.nextToken();
      for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
        if (token == null) {
          return Optional.empty();
        }
        if (token != JsonToken.VALUE_STRING) {
          if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT) {
            parser.skipChildren();
          }
          throw new IllegalArgumentException("when using JSON array syntax, arrays must be comprised of strings only");
        }
        result.add(parser.getText());
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(result);
  }

  /**
   * Words of ENV, LABEL and ARG as BuildKit's {@code parseWords} splits them (blanks outside quotes),
   * then with quotes and escapes removed as its word processing does, without expanding variables.
   */
  static List<String> words(String text, char escape) {
    List<String> result = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == escape && quote == '"' && i + 1 < text.length()) {
          word.append(text.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          result.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        inWord = true;
        if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == escape && i + 1 < text.length()) {
          word.append(text.charAt(++i));
        } else if (c != escape) {
          word.append(c);
        }
      }
    }
    if (inWord) {
      result.add(word.toString());
    }
    return result;
  }

  /** Quotes and escapes removed, blanks kept: one word as the build reads it ({@code ENV name some value}). */
  static String unquote(String text, char escape) {
    StringBuilder out = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == 0 && (c == '\'' || c == '"')) {
        quote = c;
      } else if (quote != 0 && c == quote) {
        quote = 0;
      } else if (c == escape && quote != '\'' && i + 1 < text.length()) {
        out.append(text.charAt(++i));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Splits at runs of blanks, as BuildKit does for FROM, COPY, ADD, EXPOSE and VOLUME in shell form. */
  static List<String> blankSeparated(String text) {
    List<String> result = new ArrayList<>();
    for (String part : text.strip().split("[\\t\\x0B\\f\\r ]+")) {
      if (!part.isEmpty()) {
        result.add(part);
      }
    }
    return result;
  }
}
