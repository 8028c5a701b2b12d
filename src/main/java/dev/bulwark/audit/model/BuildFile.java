package dev.bulwark.audit.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Dockerfile: its stages and instructions with their lines, plus the build-time facts rules ask
 * for. The final stage is the last one; it is what runs.
 */
public record BuildFile(String path, List<Stage> stages, Map<String, String> buildArgs) {
  public BuildFile {
    stages = List.copyOf(stages);
    buildArgs = Map.copyOf(buildArgs);
  }

  public Stage finalStage() {
    return stages.getLast();
  }

  /**
   * @param baseImage the FROM reference as written ({@code debian:12}, {@code scratch}, a stage name)
   * @param user the last USER of the stage, if any
   */
  public record Stage(int index, Optional<String> name, String baseImage, int line, List<Instruction> instructions,
      Optional<String> user) {
    public Stage {
      instructions = List.copyOf(instructions);
    }
  }

  /**
   * One instruction.
   *
   * @param keyword upper case ({@code RUN}, {@code ADD}, …)
   * @param arguments the text after the keyword, continuation lines joined
   * @param flags {@code --chown=…}, {@code --from=…}, as a map without the dashes
   * @param execForm whether written as a JSON array
   * @param words the arguments split as the shell or JSON form reads them
   */
  public record Instruction(String keyword, String arguments, int line, Map<String, String> flags, boolean execForm,
      List<String> words) {
    public Instruction {
      flags = Map.copyOf(flags);
      words = List.copyOf(words);
    }
  }
}
