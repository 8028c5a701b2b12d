package dev.bulwark.inventory.golang;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The build information of a Go executable: the toolchain version and the module information text
 * the linker embeds, parsed as Go's {@code runtime/debug.ParseBuildInfo} does (tab-separated
 * {@code path}, {@code mod}, {@code dep}, {@code =>} and {@code build} lines). Unlike Go's parser,
 * a malformed line is skipped and noted in {@link #problems} instead of discarding everything.
 *
 * @param goVersion the toolchain version as recorded ({@code go1.22.3}, {@code go1.22.3 X:boringcrypto})
 * @param path the import path of the main package, empty when not recorded
 * @param main the main module, absent for binaries built outside module mode (and Go's own tools)
 * @param problems lines that could not be read, with why
 */
public record GoBuildInfo(
    String goVersion,
    String path,
    Optional<Module> main,
    List<Module> deps,
    List<Setting> settings,
    List<String> problems) {

  /** A module linked into the binary; a replaced module names what replaced it. */
  public record Module(String path, String version, String sum, Optional<Module> replacement) {}

  /** One {@code build} line: a flag or environment setting that influenced the build. */
  public record Setting(String key, String value) {}

  /** Problems beyond this many are counted, not listed, so one broken file cannot flood a report. */
  static final int MAX_PROBLEMS = 10;

  public GoBuildInfo {
    deps = List.copyOf(deps);
    settings = List.copyOf(settings);
    problems = List.copyOf(problems);
  }

  public static GoBuildInfo parse(String goVersion, String modinfo) {
    return new Parser(goVersion).parse(modinfo);
  }

  private static final class Parser {
    private final String goVersion;
    private String path = "";
    private Module main;
    private final List<Module> deps = new ArrayList<>();
    private final List<Setting> settings = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private int skipped;
    /** Which module a following {@code =>} line replaces: -1 the main module, -2 none, else a dep index. */
    private int last = -2;

    Parser(String goVersion) {
      this.goVersion = goVersion;
    }

    GoBuildInfo parse(String text) {
      int lineNumber = 0;
      // As in Go, text after the last newline is not a line.
      for (int start = 0, end; (end = text.indexOf('\n', start)) >= 0; start = end + 1) {
        lineNumber++;
        String reason = line(text.substring(start, end));
        if (reason != null) {
          if (problems.size() < MAX_PROBLEMS) {
            problems.add("line " + lineNumber + ": " + reason);
          } else {
            skipped++;
          }
        }
      }
      if (skipped > 0) {
        problems.add(skipped + " more malformed lines");
      }
      return new GoBuildInfo(goVersion, path, Optional.ofNullable(main), deps, settings, problems);
    }

    /** Reads one line; returns why it is malformed, or null. */
    private String line(String line) {
      if (line.startsWith("path\t")) {
        path = line.substring(5);
      } else if (line.startsWith("mod\t")) {
        last = -2;
        String[] columns = line.substring(4).split("\t", -1);
        if (columns.length != 2 && columns.length != 3) {
          return "expected 2 or 3 columns for the main module, got " + columns.length;
        }
        main = module(columns);
        last = -1;
      } else if (line.startsWith("dep\t")) {
        last = -2;
        String[] columns = line.substring(4).split("\t", -1);
        if (columns.length != 2 && columns.length != 3) {
          return "expected 2 or 3 columns for a dependency, got " + columns.length;
        }
        deps.add(module(columns));
        last = deps.size() - 1;
      } else if (line.startsWith("=>\t")) {
        String[] columns = line.substring(3).split("\t", -1);
        int replaced = last;
        last = -2;
        if (columns.length != 3) {
          return "expected 3 columns for a replacement, got " + columns.length;
        }
        if (replaced == -2) {
          return "replacement with no module on the previous line";
        }
        Module replacement = module(columns);
        if (replaced == -1) {
          main = new Module(main.path(), main.version(), main.sum(), Optional.of(replacement));
        } else {
          Module dep = deps.get(replaced);
          deps.set(replaced, new Module(dep.path(), dep.version(), dep.sum(), Optional.of(replacement)));
        }
      } else if (line.startsWith("build\t")) {
        return setting(line.substring(6));
      }
      return null;
    }

    private static Module module(String[] columns) {
      return new Module(columns[0], columns[1], columns.length == 3 ? columns[2] : "", Optional.empty());
    }

    private String setting(String keyValue) {
      if (keyValue.isEmpty()) {
        return "build line missing '='";
      }
      String key;
      String raw;
      char first = keyValue.charAt(0);
      if (first == '=') {
        return "build line with missing key";
      } else if (first == '"' || first == '`') {
        int length = GoQuoted.prefixLength(keyValue);
        if (length < 0 || length == keyValue.length() || keyValue.charAt(length) != '=') {
          return "invalid quoted key in build line";
        }
        Optional<String> unquoted = GoQuoted.unquote(keyValue.substring(0, length));
        if (unquoted.isEmpty()) {
          return "invalid quoted key in build line";
        }
        key = unquoted.get();
        raw = keyValue.substring(length + 1);
      } else {
        int equals = keyValue.indexOf('=');
        if (equals < 0) {
          return "build line missing '=' after key";
        }
        key = keyValue.substring(0, equals);
        raw = keyValue.substring(equals + 1);
      }
      String value = raw;
      if (!raw.isEmpty() && (raw.charAt(0) == '"' || raw.charAt(0) == '`')) {
        Optional<String> unquoted = GoQuoted.unquote(raw);
        if (unquoted.isEmpty()) {
          return "invalid quoted value in build line";
        }
        value = unquoted.get();
      }
      settings.add(new Setting(key, value));
      return null;
    }
  }
}
