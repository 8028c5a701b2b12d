package dev.bulwark.image.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 9110 §11.6.1): a scheme and its
 * parameters, e.g. {@code Bearer realm="https://auth.example/token",service="registry"}. Scheme
 * and parameter names are lower-cased; values are unquoted.
 */
public record AuthChallenge(String scheme, Map<String, String> parameters) {
  /** Longer headers are not parsed: no registry needs more, and the input is untrusted. */
  static final int MAX_HEADER_CHARS = 8192;

  public AuthChallenge {
    scheme = scheme.toLowerCase(Locale.ROOT);
    parameters = Map.copyOf(parameters);
  }

  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name));
  }

  /** All challenges of one header value, in order; malformed parts end the parse. */
  public static List<AuthChallenge> parse(String header) {
    List<AuthChallenge> result = new ArrayList<>();
    if (header.length() > MAX_HEADER_CHARS) {
      return result;
    }
    Parser parser = new Parser(header);
    while (true) {
      parser.skip(" \t,");
      String scheme = parser.token();
      if (scheme.isEmpty()) { // the end, or garbage
        return result;
      }
      Map<String, String> parameters = new LinkedHashMap<>();
      while (true) {
        parser.skip(" \t,");
        int start = parser.position;
        String name = parser.token();
        parser.skip(" \t");
        if (name.isEmpty() || !parser.take('=')) {
          parser.position = start; // the next challenge's scheme
          break;
        }
        parser.skip(" \t");
        Optional<String> value = parser.peek() == '"' ? parser.quoted() : Optional.of(parser.token());
        if (value.isEmpty()) { // an unterminated quote
          result.add(new AuthChallenge(scheme, parameters));
          return result;
        }
        if (value.orElseThrow().isEmpty() && parser.peek() == '=') { // a token68 (Negotiate abc==), unused
          parser.skipTo(',');
          continue;
        }
        parameters.putIfAbsent(name.toLowerCase(Locale.ROOT), value.orElseThrow());
      }
      result.add(new AuthChallenge(scheme, parameters));
      if (parser.position >= header.length()) {
        return result;
      }
    }
  }

  private static final class Parser {
    private static final String TOKEN_EXTRA = "!#$%&'*+-.^_`|~";
    private final String text;
    private int position;

    Parser(String text) {
      this.text = text;
    }

    char peek() {
      return position < text.length() ? text.charAt(position) : '\0';
    }

    void skip(String characters) {
      while (position < text.length() && characters.indexOf(text.charAt(position)) >= 0) {
        position++;
      }
    }

    boolean take(char c) {
      if (peek() == c) {
        position++;
        return true;
      }
      return false;
    }

    String token() {
      int start = position;
      while (position < text.length()) {
        char c = text.charAt(position);
        if (c < 128 && (Character.isLetterOrDigit(c) || TOKEN_EXTRA.indexOf(c) >= 0)) {
          position++;
        } else {
          break;
        }
      }
      return text.substring(start, position);
    }

    /** A quoted-string with backslash escapes; empty when unterminated. */
    Optional<String> quoted() {
      StringBuilder value = new StringBuilder();
      position++;
      while (position < text.length()) {
        char c = text.charAt(position++);
        if (c == '"') {
          return Optional.of(value.toString());
        }
        if (c == '\\' && position < text.length()) {
          c = text.charAt(position++);
        }
        value.append(c);
      }
      return Optional.empty();
    }

    void skipTo(char c) {
      while (position < text.length() && text.charAt(position) != c) {
        position++;
      }
    }
  }
}
