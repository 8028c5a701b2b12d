package dev.bulwark.audit.framework;

import java.util.List;
import java.util.Map;

/**
 * One control of a framework, with the rules whose outcomes evidence it.
 *
 * @param id the framework's own identifier ({@code 5.4}, {@code A.8.9}, {@code 8.1.4.2})
 * @param group the id of the control's group (a chapter or section), for presentation
 * @param titles short titles of Bulwark's own wording, by language ({@code en}, {@code zh-CN})
 * @param automated whether Bulwark's rules decide it; manual controls need an auditor
 */
public record Control(String id, String group, Map<String, String> titles, boolean automated, List<String> rules) {
  public Control {
    titles = Map.copyOf(titles);
    rules = List.copyOf(rules);
    if (!titles.containsKey("en")) {
      throw new IllegalArgumentException("control " + id + " has no English title");
    }
    if (automated && rules.isEmpty()) {
      throw new IllegalArgumentException("automated control " + id + " names no rule");
    }
  }

  public String title(String language) {
    return titles.getOrDefault(language, titles.get("en"));
  }

  public String mode() {
    return automated ? "automated" : "manual";
  }
}
