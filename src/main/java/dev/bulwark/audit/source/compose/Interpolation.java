package dev.bulwark.audit.source.compose;

import dev.bulwark.audit.source.tree.Node;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compose's variable interpolation, made reproducible: the audit never reads the process
 * environment (nor {@code .env}), so a variable is always unknown. {@code ${VAR:-default}} and
 * {@code ${VAR-default}} read as their default; {@code $VAR}, {@code ${VAR}}, and the {@code :?},
 * {@code ?}, {@code :+}, {@code +} forms stay as written; {@code $$} is a literal {@code $}. Values
 * are interpolated, keys are not, as in compose.
 */
final class Interpolation {
  private Interpolation() {}

  /** A copy of {@code root} with every scalar value interpolated; shared nodes stay shared. */
  static Node apply(Node root) {
    return apply(root, new IdentityHashMap<>());
  }

  private static Node apply(Node node, Map<Node, Node> done) {
    Node known = done.get(node);
    if (known != null) {
      return known;
    }
    Node result = switch (node) {
      case Node.ScalarNode scalar -> scalar.text().indexOf('$') < 0 ? scalar
          : new Node.ScalarNode(interpolate(scalar.text()), scalar.plain(), scalar.isNull(), scalar.line());
      case Node.ListNode list ->
          new Node.ListNode(list.items().stream().map(i -> apply(i, done)).toList(), list.line());
      case Node.MapNode map -> {
        Map<String, Node> entries = new LinkedHashMap<>();
        map.entries().forEach((k, v) -> entries.put(k, apply(v, done)));
        yield new Node.MapNode(entries, map.keyLines(), map.line());
      }
    };
    done.put(node, result);
    return result;
  }

  static String interpolate(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$' || i + 1 >= text.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = text.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
      } else if (next == '{') {
        int close = closingBrace(text, i + 2);
        if (close < 0) {
          out.append(text, i, text.length());
          return out.toString();
        }
        out.append(braced(text.substring(i + 2, close), text.substring(i, close + 1)));
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /**
   * {@code NAME}, {@code NAME:-default}, {@code NAME-default}, …: the default where one is written, else
   * as written.
   */
  private static String braced(String body, String written) {
    int nameEnd = 0;
    while (nameEnd < body.length()
        && (Character.isLetterOrDigit(body.charAt(nameEnd)) || body.charAt(nameEnd) == '_')) {
      nameEnd++;
    }
    String operator = body.substring(nameEnd);
    for (String form : List.of(":-", "-")) {
      if (operator.startsWith(form)) {
        return interpolate(operator.substring(form.length()));
      }
    }
    return written;
  }

  private static int closingBrace(String text, int from) {
    int depth = 1;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
