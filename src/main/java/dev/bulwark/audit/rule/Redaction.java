package dev.bulwark.audit.rule;

import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders evidence values for reports without leaking what they protect: environment variables
 * and build arguments show their names only, ENV/ARG/LABEL instructions their keys, and anything
 * shaped like a credential (a key=value whose key names a secret, a private key, a cloud or forge
 * token) is replaced by {@value #MASK}.
 */
public final class Redaction {
  public static final String MASK = "<redacted>";
  /** Longest rendered value; evidence is for pointing, not for copying files. */
  public static final int MAX_VALUE_CHARS = 400;

  private static final String SECRET_WORD =
      "(?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth)";
  private static final String VALUE = "(\"[^\"]*\"|'[^']*'|[^\\s\"']+)";
  /** {@code key=value} or {@code key: value} whose key names a secret. */
  private static final Pattern SECRET_ASSIGNMENT =
      Pattern.compile("(?i)([A-Za-z0-9_.-]*" + SECRET_WORD + "[A-Za-z0-9_.-]*)(\\s*[=:]\\s*)" + VALUE);
  /**
   * A command-line flag naming a secret and its separate argument ({@code --password hunter2},
   * {@code -p} is too ambiguous to count). Only flags: a bare word such as {@code passwd} or
   * {@code authorized_keys} is a command or a file name, and the word after it is not a secret.
   */
  private static final Pattern SECRET_FLAG =
      Pattern.compile("(?i)((?<![A-Za-z0-9_-])--?[A-Za-z0-9_-]*" + SECRET_WORD + "[A-Za-z0-9_-]*)(\\s+)(?!-)" + VALUE);
  private static final Pattern TOKENS = Pattern.compile(
      "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)"
          + "|\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"
          + "|\\bgh[pousr]_[A-Za-z0-9]{20,}\\b|\\bgithub_pat_[A-Za-z0-9_]{20,}\\b|\\bglpat-[A-Za-z0-9_-]{20,}\\b"
          + "|\\bxox[abprs]-[A-Za-z0-9-]{10,}\\b|\\b[sr]k_live_[A-Za-z0-9]{16,}\\b|\\bAIza[0-9A-Za-z_-]{35}\\b"
          + "|\\beyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\b"
          + "|(?i)(?<user>://[^/\\s:@]+:)[^@\\s/]+(?<at>@)");
  private static final Pattern KEY_VALUE = Pattern.compile("([A-Za-z_][A-Za-z0-9_.-]*)=(\"[^\"]*\"|'[^']*'|\\S*)");

  private Redaction() {}

  /** The value at {@code path} as reports print it. */
  public static String render(String path, Object value) {
    String last = lastName(path);
    String text;
    if (last.equals("env") || last.equals("buildArgs")) {
      text = namesOnly(value);
    } else {
      text = plain(value, 0);
    }
    return clip(text);
  }

  private static String lastName(String path) {
    String p = path.replaceAll("\\[[^]]*]$", "");
    int dot = p.lastIndexOf('.');
    return dot < 0 ? p : p.substring(dot + 1);
  }

  private static String namesOnly(Object value) {
    return switch (value) {
      case List<?> list -> "[" + String.join(", ", list.stream().map(Redaction::namesOnly).toList()) + "]";
      case Map<?, ?> map when map.containsKey("name") && map.containsKey("fromSecret") -> envVar(map);
      case Map<?, ?> map -> "{" + String.join(", ", map.keySet().stream().map(k -> k + "=" + MASK).toList()) + "}";
      default -> plain(value, 0);
    };
  }

  private static String envVar(Map<?, ?> map) {
    String name = String.valueOf(map.get("name"));
    if (Boolean.TRUE.equals(map.get("fromSecret"))) {
      return name + " (from a secret)";
    }
    return map.get("value") instanceof String ? name + "=" + MASK : name;
  }

  private static String plain(Object value, int depth) {
    return switch (value) {
      case null -> "null";
      case NullValue n -> "null";
      case String s -> mask(s);
      case Map<?, ?> map when map.containsKey("name") && map.containsKey("fromSecret") -> envVar(map);
      case Map<?, ?> map when map.containsKey("keyword") && map.containsKey("arguments") -> instruction(map);
      case Map<?, ?> map when map.containsKey("baseImage") && map.containsKey("instructions") -> stage(map);
      case Map<?, ?> map -> depth > 3 ? "{…}" : "{" + String.join(", ", map.entrySet().stream()
          .map(e -> e.getKey() + ": " + plain(e.getValue(), depth + 1)).toList()) + "}";
      case List<?> list -> depth > 3 ? "[…]" : "[" + String.join(", ", list.stream()
          .map(v -> plain(v, depth + 1)).toList()) + "]";
      default -> String.valueOf(value);
    };
  }

  /** A build stage as its FROM line: the stage is cited by where it starts, not by its whole body. */
  private static String stage(Map<?, ?> map) {
    Object name = map.get("name");
    boolean named = name instanceof String n && !n.isEmpty();
    return "FROM " + mask(String.valueOf(map.get("baseImage"))) + (named ? " AS " + name : "");
  }

  /** An instruction as written, its ENV/ARG/LABEL values masked. */
  private static String instruction(Map<?, ?> map) {
    String keyword = String.valueOf(map.get("keyword"));
    String arguments = String.valueOf(map.get("arguments"));
    if (List.of("ENV", "ARG", "LABEL").contains(keyword.toUpperCase(Locale.ROOT))) {
      if (arguments.contains("=")) {
        Matcher m = KEY_VALUE.matcher(arguments);
        List<String> keys = new ArrayList<>();
        while (m.find()) {
          keys.add(m.group(1) + "=" + MASK);
        }
        arguments = String.join(" ", keys);
      } else {
        String[] parts = arguments.strip().split("\\s+", 2);
        arguments = parts[0] + (parts.length > 1 ? " " + MASK : "");
      }
      return keyword + " " + arguments;
    }
    return keyword + " " + mask(arguments);
  }

  /** Masks credentials inside free text (commands, RUN lines, labels). */
  public static String mask(String text) {
    String masked = TOKENS.matcher(text).replaceAll(m -> m.group("user") != null
        ? Matcher.quoteReplacement(m.group("user") + MASK + m.group("at")) : MASK);
    masked = SECRET_ASSIGNMENT.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + MASK));
    return SECRET_FLAG.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + MASK));
  }

  private static String clip(String text) {
    String clean = text.replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", "?");
    return clean.length() <= MAX_VALUE_CHARS ? clean : clean.substring(0, MAX_VALUE_CHARS - 1) + "…";
  }
}
