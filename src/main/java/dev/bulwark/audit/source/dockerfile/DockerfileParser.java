package dev.bulwark.audit.source.dockerfile;

import dev.bulwark.InputException;
import dev.bulwark.audit.model.BuildFile;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.Provenance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Dockerfile into a {@link BuildFile}: stages with their instructions and lines, build
 * arguments, and each stage's effective USER. FROM references are resolved with the default values of
 * the ARGs declared before the first FROM ({@code FROM ${BASE}:${TAG}}), as BuildKit does; a
 * reference to a variable without a default is kept as written. A stage built FROM an earlier stage
 * inherits its user. Malformed input (unknown instruction, instruction before FROM, bad JSON array,
 * unterminated heredoc) is an {@link InputException} naming file and line, as it fails the build.
 */
public final class DockerfileParser {
  private static final Set<String> KEYWORDS = Set.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE",
      "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME",
      "WORKDIR");

  /** The build file and where each of its parts was written. */
  public record Parsed(BuildFile file, Provenance provenance) {}

  private final String path;
  private final char escape;
  private final Provenance.Builder provenance;
  private final Map<String, String> globalDefaults = new LinkedHashMap<>();
  private final Map<String, String> buildArgs = new LinkedHashMap<>();
  private final List<StageBuilder> stages = new ArrayList<>();

  private DockerfileParser(String path, char escape, int firstLine) {
    this.path = path;
    this.escape = escape;
    this.provenance = new Provenance.Builder(Location.line(path, firstLine, ""));
  }

  public static Parsed parse(String text, String path) {
    DockerfileLexer.Result lexed = DockerfileLexer.lex(text, path);
    if (lexed.instructions().isEmpty()) {
      throw new InputException(path + ": file with no instructions");
    }
    DockerfileParser parser = new DockerfileParser(path, lexed.escape(), lexed.instructions().getFirst().line());
    for (DockerfileLexer.Raw raw : lexed.instructions()) {
      parser.add(raw);
    }
    if (parser.stages.isEmpty()) {
      throw new InputException(path + ": no FROM instruction: a Dockerfile needs at least one build stage");
    }
    List<BuildFile.Stage> built = new ArrayList<>();
    for (StageBuilder stage : parser.stages) {
      built.add(stage.build());
    }
    return new Parsed(new BuildFile(path, built, parser.buildArgs), parser.provenance.build());
  }

  private void add(DockerfileLexer.Raw raw) {
    BuildFile.Instruction instruction = instruction(raw.keyword(), raw.rest(), raw.line(), raw.heredocs(), false);
    String keyword = instruction.keyword();
    if (keyword.equals("FROM")) {
      from(instruction);
      return;
    }
    if (stages.isEmpty()) {
      if (!keyword.equals("ARG")) {
        throw error(raw.line(), keyword + " before the first FROM: no build stage in current context");
      }
      for (String word : instruction.words()) {
        String name = name(word);
        value(word).ifPresentOrElse(v -> globalDefaults.put(name, v), () -> globalDefaults.remove(name));
        declareBuildArg(name, value(word), raw.line());
      }
      return;
    }
    StageBuilder stage = stages.getLast();
    int index = stage.instructions.size();
    stage.instructions.add(instruction);
    provenance.put(stage.key() + ".instructions[" + index + "]", Location.line(path, raw.line(), keyword));
    switch (keyword) {
      case "ARG" -> {
        for (String word : instruction.words()) {
          String name = name(word);
          Optional<String> value = value(word).or(() -> Optional.ofNullable(globalDefaults.get(name)));
          value.flatMap(v -> Variables.expand(v, stage.variables, escape))
              .ifPresentOrElse(v -> stage.variables.put(name, v), () -> stage.variables.remove(name));
          declareBuildArg(name, value(word), raw.line());
        }
      }
      case "ENV" -> {
        for (String word : instruction.words()) {
          String name = name(word);
          Variables.expand(value(word).orElse(""), stage.variables, escape)
              .ifPresentOrElse(v -> stage.variables.put(name, v), () -> stage.variables.remove(name));
        }
      }
      case "USER" -> {
        if (instruction.words().isEmpty()) {
          throw error(raw.line(), "USER requires exactly one argument");
        }
        String written = instruction.words().getFirst();
        stage.user = Optional.of(Variables.expand(written, stage.variables, escape).orElse(written));
        stage.userLine = raw.line();
        provenance.put(stage.key() + ".user", Location.line(path, raw.line(), "USER"));
      }
      default -> {}
    }
  }

  private void from(BuildFile.Instruction instruction) {
    List<String> words = instruction.words();
    boolean named = words.size() == 3 && words.get(1).equalsIgnoreCase("AS");
    if (words.size() != 1 && !named) {
      throw error(instruction.line(), "FROM requires either one or three arguments (IMAGE [AS NAME])");
    }
    String written = words.getFirst();
    String base = Variables.expand(written, globalDefaults, escape).filter(s -> !s.isEmpty()).orElse(written);
    StageBuilder stage = new StageBuilder(stages.size(), named ? Optional.of(words.get(2)) : Optional.empty(), base,
        instruction.line());
    stage.instructions.add(instruction);
    Location at = Location.line(path, instruction.line(), "FROM");
    provenance.put(stage.key(), at).put(stage.key() + ".baseImage", at).put(stage.key() + ".instructions[0]", at);
    for (StageBuilder earlier : stages) {
      boolean byName = earlier.name.map(n -> n.equalsIgnoreCase(base)).orElse(false);
      if (byName || base.equals(String.valueOf(earlier.index))) {
        stage.user = earlier.user;
        stage.userLine = earlier.userLine;
        if (earlier.user.isPresent()) {
          provenance.put(stage.key() + ".user", Location.line(path, earlier.userLine, "USER"));
        }
      }
    }
    stages.add(stage);
  }

  private void declareBuildArg(String name, Optional<String> value, int line) {
    if (!buildArgs.containsKey(name) || buildArgs.get(name).isEmpty() && value.isPresent()) {
      buildArgs.put(name, value.orElse(""));
      provenance.put("buildArgs." + name, Location.line(path, line, "ARG"));
    }
  }

  private BuildFile.Instruction instruction(String written, String rest, int line,
      List<DockerfileLexer.Heredoc> heredocs, boolean nested) {
    String keyword = written.toUpperCase(Locale.ROOT);
    if (!KEYWORDS.contains(keyword)) {
      throw error(line, "unknown instruction: " + written);
    }
    InstructionSyntax.Flags flags = InstructionSyntax.flags(rest);
    Map<String, String> flagMap = flagMap(flags.flags());
    String body = flags.rest().strip();
    StringBuilder arguments = new StringBuilder(rest);
    for (DockerfileLexer.Heredoc heredoc : heredocs) {
      arguments.append('\n').append(heredoc.content()).append(heredoc.name());
    }
    Optional<List<String>> json;
    try {
      json = InstructionSyntax.jsonArray(body);
    } catch (IllegalArgumentException e) {
      throw error(line, keyword + ": " + e.getMessage());
    }
    List<String> words;
    boolean execForm = false;
    switch (keyword) {
      case "RUN", "CMD", "ENTRYPOINT", "SHELL" -> {
        execForm = json.isPresent();
        if (keyword.equals("SHELL") && !execForm) {
          throw error(line, "SHELL requires the arguments to be in JSON form");
        }
        StringBuilder script = new StringBuilder(body);
        for (DockerfileLexer.Heredoc heredoc : heredocs) {
          script.append('\n').append(heredoc.content());
        }
        words = json.orElseGet(() -> ShellWords.split(script.toString()));
      }
      case "ADD", "COPY", "VOLUME" -> {
        execForm = json.isPresent();
        words = json.orElseGet(() -> unquoted(InstructionSyntax.blankSeparated(body)));
      }
      case "FROM", "EXPOSE" -> words = unquoted(InstructionSyntax.blankSeparated(body));
      case "ENV", "LABEL" -> words = nameValues(keyword, body, line);
      case "ARG" -> words = InstructionSyntax.words(body, escape);
      case "HEALTHCHECK" -> {
        int cut = DockerfileLexer.firstWhitespace(body);
        String type = body.substring(0, cut).toUpperCase(Locale.ROOT);
        String command = body.substring(cut).strip();
        Optional<List<String>> commandJson;
        try {
          commandJson = InstructionSyntax.jsonArray(command);
        } catch (IllegalArgumentException e) {
          throw error(line, keyword + ": " + e.getMessage());
        }
        execForm = commandJson.isPresent();
        List<String> all = new ArrayList<>();
        if (!type.isEmpty()) {
          all.add(type);
        }
        all.addAll(commandJson.orElseGet(() -> ShellWords.split(command)));
        words = all;
      }
      case "ONBUILD" -> {
        if (nested) {
          throw error(line, "ONBUILD ONBUILD is not allowed");
        }
        int cut = DockerfileLexer.firstWhitespace(body);
        String innerKeyword = body.substring(0, cut);
        if (innerKeyword.isEmpty()) {
          throw error(line, "ONBUILD requires an instruction");
        }
        if (Set.of("FROM", "MAINTAINER").contains(innerKeyword.toUpperCase(Locale.ROOT))) {
          throw error(line, innerKeyword + " is not allowed as an ONBUILD trigger");
        }
        BuildFile.Instruction inner = instruction(innerKeyword, body.substring(cut).strip(), line, heredocs, true);
        List<String> all = new ArrayList<>();
        all.add(inner.keyword());
        all.addAll(inner.words());
        return new BuildFile.Instruction(keyword, arguments.toString(), line, inner.flags(), inner.execForm(), all);
      }
      default -> words = body.isEmpty() ? List.of() : List.of(body); // USER, WORKDIR, MAINTAINER, STOPSIGNAL
    }
    return new BuildFile.Instruction(keyword, arguments.toString(), line, flagMap, execForm, words);
  }

  /** ENV and LABEL pairs as {@code name=value}; the legacy {@code ENV name value} form reads as one pair. */
  private List<String> nameValues(String keyword, String body, int line) {
    List<String> words = InstructionSyntax.words(body, escape);
    if (words.isEmpty()) {
      throw error(line, keyword + " requires at least one argument");
    }
    if (!words.getFirst().contains("=")) {
      int cut = DockerfileLexer.firstWhitespace(body);
      if (cut >= body.length()) {
        throw error(line, keyword + " must have two arguments");
      }
      String value = InstructionSyntax.unquote(body.substring(cut).strip(), escape);
      return List.of(InstructionSyntax.words(body.substring(0, cut), escape).getFirst() + "=" + value);
    }
    for (String word : words) {
      if (!word.contains("=")) {
        throw error(line, keyword + ": can't find = in \"" + word + "\"; must be of the form name=value");
      }
    }
    return words;
  }

  /** The build removes quotes from these words when it expands them. */
  private List<String> unquoted(List<String> words) {
    return words.stream().map(w -> InstructionSyntax.unquote(w, escape)).toList();
  }

  private static Map<String, String> flagMap(List<String> flags) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String flag : flags) {
      String text = flag.substring(2);
      int equals = text.indexOf('=');
      String name = equals < 0 ? text : text.substring(0, equals);
      String value = equals < 0 ? "" : text.substring(equals + 1);
      result.merge(name, value, (a, b) -> a + "\n" + b); // repeated flags (--mount) joined by newlines
    }
    return result;
  }

  private static String name(String word) {
    int equals = word.indexOf('=');
    return equals < 0 ? word : word.substring(0, equals);
  }

  private static Optional<String> value(String word) {
    int equals = word.indexOf('=');
    return equals < 0 ? Optional.empty() : Optional.of(word.substring(equals + 1));
  }

  private InputException error(int line, String reason) {
    return new InputException(path + ":" + line + ": " + reason);
  }

  private static final class StageBuilder {
    final int index;
    final Optional<String> name;
    final String baseImage;
    final int line;
    final List<BuildFile.Instruction> instructions = new ArrayList<>();
    final Map<String, String> variables = new HashMap<>();
    Optional<String> user = Optional.empty();
    int userLine;

    StageBuilder(int index, Optional<String> name, String baseImage, int line) {
      this.index = index;
      this.name = name;
      this.baseImage = baseImage;
      this.line = line;
    }

    String key() {
      return "stages[" + index + "]";
    }

    BuildFile.Stage build() {
      return new BuildFile.Stage(index, name, baseImage, line, instructions, user);
    }
  }
}
