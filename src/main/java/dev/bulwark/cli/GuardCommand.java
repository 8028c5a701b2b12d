package dev.bulwark.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bulwark guard}: enforcement where containers are created; it only groups the subcommands. */
@Command(
    name = "guard",
    header = "Enforce the rules where containers are created (Docker plugin, Kubernetes webhook).",
    mixinStandardHelpOptions = true,
    description = {
      "Enforce policy where containers are created: as a Docker Engine authorization plugin, or as a",
      "Kubernetes validating admission webhook. Every decision is recorded before it is answered; a",
      "request that cannot be inspected or recorded is denied."
    },
    subcommands = {GuardDockerCommand.class, GuardKubernetesCommand.class})
final class GuardCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
