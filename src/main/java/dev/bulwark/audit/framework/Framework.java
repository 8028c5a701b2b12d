package dev.bulwark.audit.framework;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A compliance framework as Bulwark maps it: every control in scope, grouped, each automated (with
 * rules) or manual, and the documents the mapping was made from.
 *
 * @param id what --framework names ({@code cis-docker-1.6}, {@code mlps-2.0-level3})
 * @param source the documents and versions the ids come from, and how titles were written
 * @param level the protection level, for frameworks that have levels
 */
public record Framework(String id, Map<String, String> titles, String version, String source, List<Group> groups,
    List<Control> controls, Optional<Integer> level) {
  public Framework {
    titles = Map.copyOf(titles);
    groups = List.copyOf(groups);
    controls = List.copyOf(controls);
  }

  public String title(String language) {
    return titles.getOrDefault(language, titles.get("en"));
  }

  /** A chapter or section of controls. */
  public record Group(String id, Map<String, String> titles) {
    public Group {
      titles = Map.copyOf(titles);
    }

    public String title(String language) {
      return titles.getOrDefault(language, titles.get("en"));
    }
  }
}
