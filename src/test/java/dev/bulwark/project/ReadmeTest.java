package dev.bulwark.project;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the README shows runs as shown. */
class ReadmeTest {
  @TempDir Path temp;

  @Test
  void theCustomRuleExampleWorksAsWritten() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    Matcher block = Pattern.compile("```yaml\\n# rules/no-latest.yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(block.find()).as("the README's rule example").isTrue();
    Path rules = Files.createDirectories(temp.resolve("rules"));
    Files.writeString(rules.resolve("no-latest.yaml"), block.group(1));
    Path compose = temp.resolve("compose.yaml");
    Files.writeString(compose, "services:\n  web:\n    image: nginx:latest\n  db:\n    image: postgres:16.4\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = Main.run(new String[] {"audit", "--rules", rules.toString(), "-f", "json", compose.toString()},
          Map.of("HOME", temp.toString()));
    } finally {
      System.setOut(saved);
    }
    assertThat(exit).isZero();
    var findings = dev.bulwark.io.Json.mapper().readTree(out.toString(StandardCharsets.UTF_8)).path("findings");
    var names = new java.util.ArrayList<String>();
    findings.forEach(f -> {
      if (f.path("rule").asText().equals("acme-no-latest-tag")) {
        names.add(f.path("subject").path("name").asText());
      }
    });
    assertThat(names).as("the custom rule fires on the latest tag only").containsExactly("web");
  }
}
