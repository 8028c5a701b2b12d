package dev.bulwark.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bulwark log}: the guard's audit log; it only groups the subcommands. */
@Command(
    name = "log",
    header = "Check the guard's tamper-evident audit log.",
    mixinStandardHelpOptions = true,
    description = {
      "The audit log the guard writes: every decision, hash-chained, with checkpoints signed by an Ed25519",
      "key. See docs/audit-log.md."
    },
    subcommands = {LogVerifyCommand.class})
final class LogCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
