package dev.bulwark.audit.source.dockerfile;

import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a Dockerfile into instructions the way BuildKit's parser does: parser directives at the
 * top ({@code # escape=`}), whole-line comments (also inside continuations), line continuations with
 * the escape character (joined without a separator, leading whitespace of continuation lines kept),
 * empty continuation lines skipped, and heredocs ({@code RUN <<EOF}, {@code <<-EOF}, quoted
 * terminators, several per line) read after the instruction for RUN, COPY and ADD in shell form.
 */
final class DockerfileLexer {
  /** Instructions in one Dockerfile. */
  static final int MAX_INSTRUCTIONS = 10_000;

  private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
  private static final Pattern HEREDOC = Pattern.compile("^(\\d*)<<(-?)([^<]*)$");
  private static final Set<String> DIRECTIVES = Set.of("escape", "syntax", "check");
  private static final Set<String> HEREDOC_KEYWORDS = Set.of("RUN", "COPY", "ADD");

  /** A heredoc body; {@code chomp} for {@code <<-}, which strips leading tabs. */
  record Heredoc(String name, boolean chomp, String content) {}

  /** One instruction: the keyword as written, the text after it, its first line, and its heredocs. */
  record Raw(String keyword, String rest, int line, List<Heredoc> heredocs) {}

  record Result(char escape, List<Raw> instructions) {}

  private final String path;
  private final List<String> lines;
  private int next;
  private char escape = '\\';

  private DockerfileLexer(String path, String text) {
    this.path = path;
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    List<String> split = new ArrayList<>(List.of(body.split("\n", -1)));
    if (!split.isEmpty() && split.getLast().isEmpty()) {
      split.removeLast();
    }
    this.lines = split;
  }

  static Result lex(String text, String path) {
    DockerfileLexer lexer = new DockerfileLexer(path, text);
    List<Raw> instructions = lexer.instructions(); // reads the escape directive first
    return new Result(lexer.escape, instructions);
  }

  private List<Raw> instructions() {
    readDirectives();
    List<Raw> result = new ArrayList<>();
    while (next < lines.size()) {
      int start = next + 1;
      String first = trimNewline(lines.get(next++)).stripLeading();
      if (first.isEmpty() || first.charAt(0) == '#') {
        continue;
      }
      Continued joined = continuation(first);
      StringBuilder line = new StringBuilder(joined.text);
      boolean end = joined.end;
      while (!end && next < lines.size()) {
        String raw = trimNewline(lines.get(next++));
        String stripped = raw.stripLeading();
        if (stripped.isEmpty() || stripped.charAt(0) == '#') {
          continue;
        }
        Continued more = continuation(raw);
        line.append(more.text);
        end = more.end;
      }
      String text = line.toString().strip();
      if (text.isEmpty()) {
        continue;
      }
      if (result.size() >= MAX_INSTRUCTIONS) {
        throw new LimitExceededException(path, "instructions", MAX_INSTRUCTIONS);
      }
      int cut = firstWhitespace(text);
      String keyword = text.substring(0, cut);
      String rest = text.substring(cut).strip();
      result.add(new Raw(keyword, rest, start, heredocs(keyword, rest, start)));
    }
    return result;
  }

  /** Directives are comments of the form {@code # name=value} before anything else; an unknown one ends them. */
  private void readDirectives() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = DIRECTIVE.matcher(trimNewline(lines.get(i)).stripLeading());
      if (!m.matches()) {
        return;
      }
      String name = m.group(1).toLowerCase(Locale.ROOT);
      if (!DIRECTIVES.contains(name)) {
        return;
      }
      if (!seen.add(name)) {
        throw new InputException(path + ":" + (i + 1) + ": only one " + name + " parser directive can be used");
      }
      if (name.equals("escape")) {
        String value = m.group(2);
        if (!value.equals("`") && !value.equals("\\")) {
          throw new InputException(path + ":" + (i + 1) + ": invalid escape token '" + value + "': use ` or \\");
        }
        escape = value.charAt(0);
      }
    }
  }

  private record Continued(String text, boolean end) {}

  /** A trailing escape character (after trailing blanks) continues the line, unless it is itself escaped. */
  private Continued continuation(String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
      end--;
    }
    if (end == 0 || line.charAt(end - 1) != escape) {
      return new Continued(line, true);
    }
    if (end == 1) {
      return new Continued("", false);
    }
    if (line.charAt(end - 2) == escape) {
      return new Continued(line, true);
    }
    return new Continued(line.substring(0, end - 1), false);
  }

  private List<Heredoc> heredocs(String keyword, String rest, int start) {
    String upper = keyword.toUpperCase(Locale.ROOT);
    String body = rest;
    if (upper.equals("ONBUILD")) {
      int cut = firstWhitespace(rest);
      upper = rest.substring(0, cut).toUpperCase(Locale.ROOT);
      body = rest.substring(cut).strip();
    }
    if (!HEREDOC_KEYWORDS.contains(upper)
        || InstructionSyntax.jsonArray(InstructionSyntax.flags(body).rest()).isPresent()) {
      return List.of();
    }
    List<Heredoc> result = new ArrayList<>();
    for (String word : rawWords(body)) {
      Matcher m = HEREDOC.matcher(word);
      if (!m.matches() || m.group(3).isEmpty()) {
        continue;
      }
      String name = InstructionSyntax.unquote(m.group(3), '\\');
      if (name.isEmpty() || firstWhitespace(name) < name.length()) {
        continue;
      }
      boolean chomp = m.group(2).equals("-");
      StringBuilder content = new StringBuilder();
      boolean terminated = false;
      while (next < lines.size()) {
        String line = trimNewline(lines.get(next++));
        String candidate = chomp ? stripLeadingTabs(line) : line;
        if (candidate.equals(name)) {
          terminated = true;
          break;
        }
        content.append(chomp ? stripLeadingTabs(line) : line).append('\n');
      }
      if (!terminated) {
        throw new InputException(path + ":" + start + ": unterminated heredoc (no line \"" + name + "\")");
      }
      result.add(new Heredoc(name, chomp, content.toString()));
    }
    return result;
  }

  /** Words split at blanks outside quotes, quotes and backslashes kept, as BuildKit looks for heredocs. */
  static List<String> rawWords(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        word.append(c);
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
          word.append(text.charAt(++i));
        }
      } else if (Character.isWhitespace(c)) {
        if (!word.isEmpty()) {
          words.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.append(c);
        if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '\\' && i + 1 < text.length()) {
          word.append(text.charAt(++i));
        }
      }
    }
    if (!word.isEmpty()) {
      words.add(word.toString());
    }
    return words;
  }

  static int firstWhitespace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i;
      }
    }
    return text.length();
  }

  private static String trimNewline(String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == '\r' || line.charAt(end - 1) == '\n')) {
      end--;
    }
    return line.substring(0, end);
  }

  private static String stripLeadingTabs(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) == '\t') {
      i++;
    }
    return line.substring(i);
  }
}
