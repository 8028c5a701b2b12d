package dev.bulwark.enforce.log;

import dev.bulwark.enforce.Decision;
import dev.bulwark.enforce.GuardRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the audit log records about one decision: who asked (user, authentication method), what
 * (method, URI, action, a summary of the object, why it could not be inspected), and the answer
 * (allowed or denied, the deciding rules, the message, warnings). Every text is bounded when built
 * on construction, so an entry is never dropped for being too large: long values are cut and
 * marked, long lists shortened and marked. Bounding is idempotent: a bounded value is unchanged by
 * bounding it again, so what is read back from the log is what was written.
 *
 * @param user the authenticated user; empty when anonymous
 * @param problem why the request could not be inspected; empty when it could
 */
public record AuditEvent(
    String user,
    String auth,
    String method,
    String uri,
    String action,
    String object,
    String problem,
    boolean allowed,
    List<String> rules,
    String message,
    List<String> warnings,
    Map<String, String> attributes) {

  // Bounds in UTF-16 chars, each above MARKER_ROOM. Encoded, a char takes at most 6 bytes (a \\u00XX escape), so an entry
  // stays well under RecordCodec.MAX_LINE_BYTES whatever the request holds.
  static final int USER = 256;
  static final int AUTH = 64;
  static final int METHOD = 64;
  static final int URI = 2048;
  static final int ACTION = 64;
  static final int OBJECT = 2048;
  static final int PROBLEM = 512;
  static final int MESSAGE = 2048;
  static final int RULE_ID = 128;
  static final int RULES = 32;
  static final int WARNING = 240;
  static final int WARNINGS = 16;
  static final int ATTRIBUTE_KEY = 64;
  static final int ATTRIBUTE_VALUE = 256;
  static final int ATTRIBUTES = 16;
  /** Marks a value cut to its bound; the count says how much was left out. */
  static final String TRUNCATED = "…[truncated %d chars]";
  /** Room kept for the marker, so a cut value with its marker stays within the bound. */
  private static final int MARKER_ROOM = 32;

  public AuditEvent {
    user = bound(user, USER);
    auth = bound(auth, AUTH);
    method = bound(method, METHOD);
    uri = bound(uri, URI);
    action = bound(action, ACTION);
    object = bound(object, OBJECT);
    problem = bound(problem, PROBLEM);
    rules = bound(rules, RULES, RULE_ID);
    message = bound(message, MESSAGE);
    warnings = bound(warnings, WARNINGS, WARNING);
    attributes = bound(attributes);
  }

  /** The event for a decision. */
  public static AuditEvent of(GuardRequest request, Decision decision) {
    return new AuditEvent(request.user().orElse(""), request.authMethod(), request.method(), request.uri(),
        request.action(), request.summary(), request.problem().orElse(""), decision.allowed(), decision.ruleIds(),
        decision.message(), decision.warnings(), request.attributes());
  }

  /** At most {@code max} chars: a longer text is cut (never inside a surrogate pair) and marked. */
  static String bound(String text, int max) {
    if (text == null) {
      return "";
    }
    String clean = wellFormed(text);
    if (clean.length() <= max) {
      return clean;
    }
    int cut = max - MARKER_ROOM;
    cut = Character.isHighSurrogate(clean.charAt(cut - 1)) ? cut - 1 : cut;
    return clean.substring(0, cut) + TRUNCATED.formatted(clean.length() - cut);
  }

  /** At most {@code maxCount} values, the last of a longer list saying how many more there were. */
  static List<String> bound(List<String> values, int maxCount, int maxEach) {
    List<String> bounded = new ArrayList<>();
    for (String value : values) {
      if (bounded.size() == maxCount - 1 && values.size() > maxCount) {
        bounded.add("…[" + (values.size() - bounded.size()) + " more]");
        break;
      }
      bounded.add(bound(value, maxEach));
    }
    return List.copyOf(bounded);
  }

  /** At most {@link #ATTRIBUTES} entries, by key; a longer map ends with {@code "…"} saying how many more. */
  static Map<String, String> bound(Map<String, String> values) {
    Map<String, String> bounded = new TreeMap<>();
    int left = values.size();
    for (var entry : new TreeMap<>(values).entrySet()) {
      if (bounded.size() == ATTRIBUTES - 1 && values.size() > ATTRIBUTES) {
        bounded.put("…", "[" + left + " more]");
        break;
      }
      bounded.put(bound(entry.getKey(), ATTRIBUTE_KEY), bound(entry.getValue(), ATTRIBUTE_VALUE));
      left--;
    }
    return Map.copyOf(bounded);
  }

  /** Replaces unpaired surrogates, which UTF-8 cannot encode, so the bytes written decode back to the same text. */
  private static String wellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isSurrogate(text.charAt(i))) {
        StringBuilder fixed = new StringBuilder(text.length());
        for (int j = 0; j < text.length(); j++) {
          char c = text.charAt(j);
          if (Character.isHighSurrogate(c) && j + 1 < text.length() && Character.isLowSurrogate(text.charAt(j + 1))) {
            fixed.append(c).append(text.charAt(++j));
          } else {
            fixed.append(Character.isSurrogate(c) ? '\uFFFD' : c);
          }
        }
        return fixed.toString();
      }
    }
    return text;
  }
}
