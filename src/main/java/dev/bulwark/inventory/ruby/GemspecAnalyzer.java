package dev.bulwark.inventory.ruby;

import dev.bulwark.inventory.AnalyzedFile;
import dev.bulwark.inventory.Analyzer;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.layer.LayerEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Installed gems, from the specifications RubyGems writes when it installs one:
 * {@code <gem home>/specifications/<name>-<version>.gemspec}, and
 * {@code specifications/default/} for the gems bundled with Ruby. These are Ruby source generated
 * by {@code Gem::Specification#to_ruby}, so their shape is fixed: {@code s.name = "rexml".freeze},
 * {@code s.version = "3.2.5"}, {@code s.licenses = ["Ruby".freeze, "BSD-2-Clause".freeze]}. They
 * are read with patterns, never evaluated; a value that is not a string literal (a hand-written
 * gemspec's {@code Foo::VERSION}) is not understood and the file yields a warning.
 */
public final class GemspecAnalyzer implements Analyzer {
  public static final String TYPE = "gemspec";

  /** Generated specifications are a few KiB; the file list of a large gem makes a few hundred. */
  static final long MAX_GEMSPEC_BYTES = 16L << 20;

  /** {@code Gem::Specification.new do |s|}: the block variable. */
  private static final Pattern SPEC_NEW = Pattern.compile("Gem::Specification\\.new\\b.*?\\|\\s*(\\w+)\\s*\\|");

  /** {@code s.name = …}: attribute and value; other attributes ({@code s.date}) are not matched. */
  private static final Pattern ASSIGNMENT =
      Pattern.compile("^\\s*(\\w+)\\.(name|version|license|licenses)\\s*=\\s*(.*)$");

  private static final Pattern LINE = Pattern.compile("\r?\n");

  private static final String SPECIFICATIONS = "/specifications";
  private static final String DEFAULT_SPECIFICATIONS = "/specifications/default";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean required(LayerEntry entry) {
    String path = entry.path();
    if (!path.endsWith(".gemspec")) {
      return false;
    }
    int slash = path.lastIndexOf('/');
    return endsAt(path, slash, SPECIFICATIONS) || endsAt(path, slash, DEFAULT_SPECIFICATIONS);
  }

  private static boolean endsAt(String path, int end, String suffix) {
    int start = end - suffix.length();
    return start >= 0 && path.startsWith(suffix, start);
  }

  @Override
  public List<Fact> analyze(AnalyzedFile file) throws IOException {
    if (file.size() > MAX_GEMSPEC_BYTES) {
      return List.of(new Fact.Warning("gemspec of " + file.size() + " bytes is over the limit of "
          + MAX_GEMSPEC_BYTES + "; not read"));
    }
    String source = new String(file.readAll(MAX_GEMSPEC_BYTES), StandardCharsets.UTF_8);
    String variable = null;
    String receiver = null;
    String name = "";
    String version = "";
    List<String> licenses = List.of();
    for (String line : LINE.split(source)) {
      if (variable == null) {
        Matcher start = SPEC_NEW.matcher(line);
        if (start.find()) {
          variable = start.group(1);
          receiver = variable + ".";
        }
        continue;
      }
      if (!line.contains(receiver)) {
        continue;
      }
      Matcher assignment = ASSIGNMENT.matcher(line);
      if (!assignment.matches() || !assignment.group(1).equals(variable)) {
        continue;
      }
      List<String> values = strings(assignment.group(3));
      // As in Ruby, a later assignment replaces an earlier one.
      switch (assignment.group(2)) {
        case "name" -> name = values.isEmpty() ? "" : values.getFirst();
        case "version" -> version = values.isEmpty() ? "" : values.getFirst();
        case "license" -> licenses = values.isEmpty() ? List.of() : List.of(values.getFirst());
        case "licenses" -> licenses = values;
        default -> throw new IllegalStateException(assignment.group(2));
      }
    }
    if (variable == null) {
      return List.of(new Fact.Warning("no Gem::Specification.new block"));
    }
    if (name.isEmpty() || version.isEmpty()) {
      return List.of(new Fact.Warning("gemspec without a literal name and version"));
    }
    return List.of(new Fact.FoundPackage(PackageRecord.builder(PackageType.GEM, name, version)
        .licenses(licenses)
        .build()));
  }

  /**
   * The non-empty string literals in {@code value} ({@code "…"} or {@code '…'}, backslash escaping
   * the next character), in order, without duplicates. A plain scan rather than a pattern: Java's
   * regex engine recurses per repetition of an alternation, so a long literal could overflow the stack.
   */
  private static List<String> strings(String value) {
    Set<String> found = new LinkedHashSet<>();
    StringBuilder literal = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quote == 0) {
        if (c == '"' || c == '\'') {
          quote = c;
          literal.setLength(0);
        }
      } else if (c == '\\' && i + 1 < value.length()) {
        literal.append(value.charAt(++i));
      } else if (c == quote) {
        String text = literal.toString().strip();
        if (!text.isEmpty()) {
          found.add(text);
        }
        quote = 0;
      } else {
        literal.append(c);
      }
    }
    return new ArrayList<>(found);
  }
}
