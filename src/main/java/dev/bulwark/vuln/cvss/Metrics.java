package dev.bulwark.vuln.cvss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Splits {@code K:V/K:V} and checks each metric and value against a version's table. */
final class Metrics {
  /** Real vectors are under 200 characters; CVSS 4.0 with every metric is about 300. */
  static final int MAX_VECTOR_LENGTH = 512;

  private Metrics() {}

  static Map<String, String> parse(String vector, String body, Map<String, Set<String>> allowed, List<String> mandatory) {
    if (body.isEmpty()) {
      throw new InvalidCvssException(vector, "no metrics");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String part : body.split("/", -1)) {
      int colon = part.indexOf(':');
      if (colon <= 0 || colon == part.length() - 1 || part.indexOf(':', colon + 1) >= 0) {
        throw new InvalidCvssException(vector, "malformed metric '" + part + "'");
      }
      String key = part.substring(0, colon);
      String value = part.substring(colon + 1);
      Set<String> values0 = allowed.get(key);
      if (values0 == null) {
        throw new InvalidCvssException(vector, "unknown metric " + key);
      }
      if (!values0.contains(value)) {
        throw new InvalidCvssException(vector, "invalid value " + key + ":" + value);
      }
      if (values.putIfAbsent(key, value) != null) {
        throw new InvalidCvssException(vector, "metric " + key + " given twice");
      }
    }
    for (String key : mandatory) {
      if (!values.containsKey(key)) {
        throw new InvalidCvssException(vector, "missing mandatory metric " + key);
      }
    }
    return values;
  }

  static void checkLength(String vector) {
    if (vector.length() > MAX_VECTOR_LENGTH) {
      throw new InvalidCvssException(vector, "longer than " + MAX_VECTOR_LENGTH + " characters");
    }
  }
}
