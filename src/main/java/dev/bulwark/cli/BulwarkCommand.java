package dev.bulwark.cli;

import picocli.CommandLine.Command;

/**
 * {@code bulwark}: the top-level command; it only groups the subcommands, which {@link Main}
 * registers (all of them, or only the one a command line names, so that picocli does not build
 * the model of every command on every start).
 */
@Command(
    name = "bulwark",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Container security: image inventory (SBOM), vulnerabilities, configuration audit, enforcement.",
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success",
      "  1  findings at or above the --fail-on threshold",
      "  2  usage error",
      "  3  an input could not be read, parsed or verified",
      "  4  internal error (a defect in Bulwark)"
    })
final class BulwarkCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
