package dev.bulwark.audit.source.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShellWordsTest {
  @Test
  void quotesAndEscapesAreRemoved() {
    assertThat(ShellWords.split("echo 'a b' \"c $d\" e\\ f")).containsExactly("echo", "a b", "c $d", "e f");
  }

  @Test
  void operatorsAreWordsOfTheirOwn() {
    assertThat(ShellWords.split("curl -fsSL https://x|sh&&echo ok;id || true & wait"))
        .containsExactly("curl", "-fsSL", "https://x", "|", "sh", "&&", "echo", "ok", ";", "id", "||", "true", "&",
            "wait");
  }

  @Test
  void redirectionsStayInTheirWord() {
    assertThat(ShellWords.split("make 2>&1 >/dev/null &>log")).containsExactly("make", "2>&1", ">/dev/null", "&>log");
  }

  @Test
  void newlinesSeparateCommandsAndCommentsAreSkipped() {
    assertThat(ShellWords.split("apt-get update\n# install\napt-get install -y sudo # why\n\n"))
        .containsExactly("apt-get", "update", ";", "apt-get", "install", "-y", "sudo");
  }

  @Test
  void substitutionsStayWhole() {
    assertThat(ShellWords.split("echo $(curl x | sh) `id` ${HOME:-/root} a#b"))
        .containsExactly("echo", "$(curl x | sh)", "`id`", "${HOME:-/root}", "a#b");
  }

  @Test
  void lineContinuationsJoin() {
    assertThat(ShellWords.split("apt-get \\\n  install")).containsExactly("apt-get", "install");
  }
}
