package dev.bulwark.cli;

import dev.bulwark.InputException;
import dev.bulwark.UsageException;
import dev.bulwark.enforce.AuditSink;
import dev.bulwark.enforce.docker.AuthzPlugin;
import dev.bulwark.enforce.docker.AuthzTranslator;
import dev.bulwark.enforce.Guard;
import dev.bulwark.enforce.docker.InspectContainerMapper;
import dev.bulwark.enforce.docker.PluginSpec;
import dev.bulwark.enforce.docker.UnixHttpServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bulwark guard docker}: the Docker Engine authorization plugin. */
@Command(
    name = "docker",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the Docker authorization plugin protocol on a unix socket, and write the spec file by which",
      "dockerd finds it, so that 'dockerd --authorization-plugin=NAME' asks it about every API request.",
      "Runs until interrupted."
    })
final class GuardDockerCommand implements Callable<Integer> {
  @Option(names = "--socket", paramLabel = "PATH", description = "The plugin's socket (default: ${DEFAULT-VALUE}).")
  Path socket = PluginSpec.DEFAULT_SOCKET;

  @Option(names = "--name", paramLabel = "NAME",
      description = "The plugin name given to --authorization-plugin (default: ${DEFAULT-VALUE}).")
  String name = PluginSpec.DEFAULT_NAME;

  @Option(names = "--plugin-spec-dir", paramLabel = "DIR",
      description = "Write NAME.spec here (default: " + "/etc/docker/plugins, unless the socket is "
          + "/run/docker/plugins/NAME.sock, which dockerd finds without one).")
  Path specDir;

  @Mixin GuardOptions options;

  @Spec CommandSpec spec;

  /** A running plugin: its server and spec file (none when dockerd finds the socket by name). */
  record Running(UnixHttpServer server, Optional<PluginSpec> pluginSpec, AuditSink audit) implements AutoCloseable {
    @Override
    public void close() throws java.io.IOException {
      server.close();
      if (pluginSpec.isPresent()) {
        pluginSpec.get().close();
      }
      if (audit instanceof java.io.Closeable closeable) {
        closeable.close();
      }
    }
  }

  Running start() {
    if (!PluginSpec.validName(name)) {
      throw new UsageException("--name '" + name + "' must be letters, digits, '.', '_' or '-'");
    }
    AuditSink audit = options.audit();
    Guard guard = new Guard(options.decider(), audit);
    AuthzPlugin plugin = new AuthzPlugin(new AuthzTranslator(new InspectContainerMapper(), Clock.systemUTC()), guard);
    UnixHttpServer server;
    try {
      server = UnixHttpServer.start(socket, options.threads, plugin);
    } catch (IOException e) {
      throw new InputException("cannot listen on " + socket + ": " + e.getMessage(), e);
    }
    Path implicit = Path.of("/run/docker/plugins").resolve(name + ".sock");
    if (specDir == null && socket.toAbsolutePath().equals(implicit)) {
      return new Running(server, Optional.empty(), audit);
    }
    Path dir = specDir != null ? specDir : PluginSpec.DEFAULT_SPEC_DIR;
    try {
      return new Running(server, Optional.of(PluginSpec.write(dir, name, socket)), audit);
    } catch (IOException e) {
      server.close();
      throw new InputException("cannot write the plugin spec in " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Integer call() throws Exception {
    if (options.printedDefaultPolicy(spec.commandLine().getOut())) {
      return 0;
    }
    Running running = start();
    return GuardOptions.serveUntilStopped(running, spec.commandLine().getErr(),
        "bulwark guard: authorization plugin '" + name + "' on unix://"
        + running.server().socket().toAbsolutePath()
        + running.pluginSpec().map(written -> " (spec " + written.file() + ")").orElse("")
        + "; start dockerd with --authorization-plugin=" + name);
  }
}
