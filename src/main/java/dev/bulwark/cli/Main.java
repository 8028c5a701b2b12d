package dev.bulwark.cli;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * The entry point, and the one place errors are triaged: a {@link BulwarkException} prints its
 * message and exits with its code; a command-line mistake exits 2; anything else is a defect in
 * Bulwark and exits 4 with the stack trace.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv()));
  }

  /** Runs a command line and returns the exit code; for tests and the launcher alike. */
  public static int run(String[] args, Map<String, String> environment) {
    CommandLine commandLine = commandLine(environment, args.length > 0 ? args[0] : "");
    return commandLine.execute(args);
  }

  /** The subcommands, in the order help lists them. */
  private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> all = new java.util.LinkedHashMap<>();
    all.put("sbom", SbomCommand.class);
    all.put("scan", ScanCommand.class);
    all.put("audit", AuditCommand.class);
    all.put("guard", GuardCommand.class);
    all.put("log", LogCommand.class);
    all.put("db", DbCommand.class);
    all.put("version-compare", VersionCompareCommand.class);
    all.put("train-startup", TrainStartupCommand.class);
    return java.util.Collections.unmodifiableMap(all);
  }

  static CommandLine commandLine(Map<String, String> environment) {
    return commandLine(environment, "");
  }

  /** A command line with only the subcommand {@code first} names, when it names one; else with all. */
  static CommandLine commandLine(Map<String, String> environment, String first) {
    CommandLine.IFactory factory = factory(environment);
    CommandLine commandLine = new CommandLine(new BulwarkCommand(), factory);
    SUBCOMMANDS.forEach((name, type) -> {
      if (first.isEmpty() || !SUBCOMMANDS.containsKey(first) || name.equals(first)) {
        commandLine.addSubcommand(name, new CommandLine(type, factory));
      }
    });
    commandLine.setUsageHelpWidth(100);
    commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
      PrintWriter err = cmd.getErr();
      if (exception instanceof BulwarkException bulwark) {
        err.println("bulwark: error: " + Terminal.sanitize(bulwark.getMessage()));
        err.flush();
        return bulwark.exitCode().code();
      }
      err.println("bulwark: internal error (please report it): " + exception);
      exception.printStackTrace(err);
      err.flush();
      return ExitCode.INTERNAL.code();
    });
    commandLine.setParameterExceptionHandler((exception, args) -> {
      PrintWriter err = exception.getCommandLine().getErr();
      err.println("bulwark: " + Terminal.sanitize(exception.getMessage()));
      err.println("Try '" + exception.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      err.flush();
      return ExitCode.USAGE.code();
    });
    return commandLine;
  }

  /** The factory commands are made with: it hands them the environment. */
  static CommandLine.IFactory factory(Map<String, String> environment) {
    return new Factory(environment);
  }

  /** Hands the environment to commands that ask for it, so they never read it themselves. */
  private record Factory(Map<String, String> environment) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      for (var constructor : type.getDeclaredConstructors()) {
        if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == Map.class) {
          constructor.setAccessible(true);
          return type.cast(constructor.newInstance(environment));
        }
      }
      return CommandLine.defaultFactory().create(type);
    }
  }
}
