package dev.bulwark.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Adding a rule" section of docs/audit-rules.md, run as written: its rule file in a rules
 * directory, its compose file, its command line, and the report excerpt it shows.
 */
class DocumentedRuleTest {
  static final Path DOC = Path.of("docs/audit-rules.md");
  private static final Pattern BLOCK = Pattern.compile("```(yaml)?\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern RULE_FILE = Pattern.compile("`(rules/[a-z0-9.-]+\\.yaml)`:");

  /** The section's code blocks in order: rule file, compose file, command, report excerpt. */
  static List<String> blocks(String section) {
    List<String> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(section);
    while (m.find()) {
      blocks.add(m.group(2));
    }
    return blocks;
  }

  static String section() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    return doc.substring(doc.indexOf("## Adding a rule"), doc.indexOf("## Format"));
  }

  @Test
  void theExampleRunsAsDocumented(@TempDir Path dir) throws IOException {
    String section = section();
    List<String> blocks = blocks(section);
    assertThat(blocks).hasSize(4);
    Matcher ruleFile = RULE_FILE.matcher(section);
    assertThat(ruleFile.find()).isTrue();
    Files.createDirectories(dir.resolve(ruleFile.group(1)).getParent());
    Files.writeString(dir.resolve(ruleFile.group(1)), blocks.get(0));
    Files.writeString(dir.resolve("compose.yaml"), blocks.get(1));

    List<String> words = List.of(blocks.get(2).strip().split(" "));
    assertThat(words.getFirst()).isEqualTo("bulwark");
    List<String> args = new ArrayList<>();
    for (String word : words.subList(1, words.size())) {
      // The command runs in the directory holding rules/ and compose.yaml.
      args.add(word.startsWith("-") || word.equals("audit") || word.equals("low") ? word : dir.resolve(word)
          .toString());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = Main.run(args.toArray(String[]::new), Map.of());
    } finally {
      System.setOut(stdout);
    }
    String report = out.toString(StandardCharsets.UTF_8).replace(dir + "/", "");
    assertThat(code).isEqualTo(1);
    assertThat(report).contains(blocks.get(3));
  }

  /** The copy other tests load (src/test/resources/audit/rule/custom) is the documented file. */
  @Test
  void theTestCopyIsTheDocumentedRule() throws IOException {
    String copy = Files.readString(Path.of("src/test/resources/audit/rule/custom/acme-memory-cap.yaml"));
    assertThat(copy.substring(copy.indexOf('\n') + 1)).isEqualTo(blocks(section()).getFirst());
  }
}
