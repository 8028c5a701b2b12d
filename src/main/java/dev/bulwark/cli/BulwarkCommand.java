package dev.bulwark.cli;

import picocli.CommandLine.Command;

/** {@code bulwark}: the top-level command; it only groups the subcommands. */
@Command(
    name = "bulwark",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Container security: image inventory (SBOM), vulnerabilities, configuration audit, enforcement.",
    subcommands = {SbomCommand.class, ScanCommand.class, AuditCommand.class, GuardCommand.class, LogCommand.class, DbCommand.class, VersionCompareCommand.class, TrainStartupCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success",
      "  1  findings at or above the --fail-on threshold",
      "  2  usage error",
      "  3  an input could not be read, parsed or verified",
      "  4  internal error (a defect in Bulwark)"
    })
final class BulwarkCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }
}
