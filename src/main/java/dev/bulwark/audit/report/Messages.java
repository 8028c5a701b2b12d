package dev.bulwark.audit.report;

import dev.bulwark.UsageException;
import dev.bulwark.audit.rule.YamlTree;
import dev.bulwark.audit.rule.YamlTree.Mapping;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The report's user-interface strings in one language ({@code en} or {@code zh-CN}), from {@code i18n/messages.yaml}. */
public final class Messages {
  public static final List<String> LANGUAGES = List.of("en", "zh-CN");
  private static final String RESOURCE = "/dev/bulwark/audit/i18n/messages.yaml";

  private final String language;
  private final Map<String, String> strings;

  private Messages(String language, Map<String, String> strings) {
    this.language = language;
    this.strings = Map.copyOf(strings);
  }

  /** The strings of {@code language}; English fills any gap. */
  public static Messages of(String language) {
    if (!LANGUAGES.contains(language)) {
      throw new UsageException("--lang: '" + language + "' is not one of " + String.join(", ", LANGUAGES));
    }
    byte[] content;
    try (InputStream in = Messages.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the build");
      }
      content = in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE, e);
    }
    Mapping root = YamlTree.mapping(RESOURCE, YamlTree.read(RESOURCE, content), "messages");
    Map<String, String> strings = new HashMap<>();
    for (var entry : root.entries().entrySet()) {
      Mapping texts = YamlTree.mapping(RESOURCE, entry.getValue(), entry.getKey());
      String text = YamlTree.optional(RESOURCE, texts, language)
          .orElseGet(() -> YamlTree.required(RESOURCE, texts, "en"));
      strings.put(entry.getKey(), text);
    }
    return new Messages(language, strings);
  }

  public String language() {
    return language;
  }

  /** The string for {@code key}, with {@code {0}}, {@code {1}}, … replaced by {@code arguments}. */
  public String get(String key, Object... arguments) {
    String text = strings.get(key);
    if (text == null) {
      throw new IllegalStateException("no message '" + key + "'");
    }
    for (int i = 0; i < arguments.length; i++) {
      text = text.replace("{" + i + "}", String.valueOf(arguments[i]));
    }
    return text;
  }

  /** Whether every key has a translation in this language (for tests). */
  static List<String> untranslated(String language) {
    Messages english = of("en");
    Messages other = of(language);
    return english.strings.keySet().stream()
        .filter(k -> other.strings.get(k).equals(english.strings.get(k)) && !k.startsWith("report.generated"))
        .sorted().toList();
  }
}
