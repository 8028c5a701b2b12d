package dev.bulwark.audit.source.compose;

import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.ContainerSettings.EnvVar;
import dev.bulwark.audit.model.ContainerSettings.Healthcheck;
import dev.bulwark.audit.model.ContainerSettings.Mount;
import dev.bulwark.audit.model.ContainerSettings.Port;
import dev.bulwark.audit.model.ContainerSettings.RestartPolicy;
import dev.bulwark.audit.model.ContainerSettings.Ulimit;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.model.SubjectRef;
import dev.bulwark.audit.source.ContainerBuilder;
import dev.bulwark.audit.source.DockerOptions;
import dev.bulwark.audit.source.tree.Cursor;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One compose service as the container Docker would create for it, per the compose specification.
 * Settings compose leaves to Docker (seccomp, AppArmor, capabilities) stay absent or at Docker's
 * defaults; {@code deploy.resources.limits} fill the limits the service itself leaves unset.
 */
final class ComposeService {
  private final String name;
  private final Cursor service;
  private final ContainerBuilder b;

  private ComposeService(String name, Cursor service) {
    this.name = name;
    this.service = service;
    this.b = new ContainerBuilder(service.get("container_name").textOr(name), service.location());
  }

  static Subject.Container read(String name, Cursor service) {
    if (!service.isMap()) {
      throw service.error("a service must be a mapping");
    }
    ComposeService mapper = new ComposeService(name, service);
    mapper.map();
    ContainerSettings settings = mapper.b.build();
    SubjectRef ref = new SubjectRef("compose-service", name, Optional.empty(), Optional.of(service.source()),
        Optional.of(service.line()));
    return new Subject.Container(ref, settings, Optional.empty(), mapper.b.provenance());
  }

  private void map() {
    text("image").ifPresent(v -> b.image(v, at("image")));
    text("user").ifPresent(v -> b.user(v, at("user")));
    service.get("privileged").bool().ifPresent(v -> b.privileged(v, at("privileged")));
    if (service.get("cap_add").exists()) {
      b.capAdd(service.get("cap_add").strings(), at("cap_add"));
    }
    if (service.get("cap_drop").exists()) {
      b.capDrop(service.get("cap_drop").strings(), at("cap_drop"));
    }
    securityOptions();
    service.get("read_only").bool().ifPresent(v -> b.readOnlyRootFilesystem(v, at("read_only")));
    volumes();
    for (Cursor tmpfs : listOrOne(service.get("tmpfs"))) {
      String target = tmpfs.text().orElseThrow(() -> tmpfs.error("empty tmpfs"));
      int colon = target.indexOf(':');
      b.mount(new Mount("tmpfs", "", colon < 0 ? target : target.substring(0, colon), false, Optional.empty()),
          tmpfs.location());
    }
    for (Cursor device : service.get("devices").items()) {
      if (device.isMap()) {
        String source = device.get("source").text().orElseThrow(() -> device.error("a device needs a source"));
        b.device(new ContainerSettings.Device(source, device.get("target").textOr(source),
            device.get("permissions").textOr("rwm")), device.location());
      } else {
        b.device(parse(device, () -> DockerOptions.device(device.text().orElseThrow())), device.location());
      }
    }
    namespace("pid", "pid");
    namespace("network_mode", "network");
    namespace("ipc", "ipc");
    namespace("uts", "uts");
    namespace("userns_mode", "user");
    namespace("cgroup", "cgroup");
    text("network_mode").ifPresent(v -> b.networkMode(v, at("network_mode")));
    text("cgroup_parent").ifPresent(v -> b.cgroupParent(v, at("cgroup_parent")));
    service.get("init").bool().ifPresent(v -> b.init(v, at("init")));
    resources();
    sysctls();
    environment();
    for (Cursor port : service.get("ports").items()) {
      for (Port p : ComposePorts.read(port)) {
        b.port(p, port.location());
      }
    }
    healthcheck();
    restart();
    text("runtime").ifPresent(v -> b.runtime(v, at("runtime")));
    Cursor logDriver = service.get("logging").get("driver");
    logDriver.text().ifPresent(v -> b.logDriver(v, logDriver.location()));
    String command = String.join(" ", commandWords(service.get("entrypoint")))
        + " " + String.join(" ", commandWords(service.get("command")));
    if (!command.isBlank()) {
      b.command(command.strip(), service.get("entrypoint").exists() ? at("entrypoint") : at("command"));
    }
  }

  private void securityOptions() {
    for (Cursor option : service.get("security_opt").items()) {
      String text = option.text().orElseThrow(() -> option.error("empty security option"));
      DockerOptions.SecurityOption parsed = DockerOptions.securityOption(text);
      switch (parsed.key()) {
        case "seccomp" -> b.seccomp(parsed.value(), option.location());
        case "apparmor" -> b.apparmor(parsed.value(), option.location());
        case "label" -> b.selinuxOption(parsed.value(), option.location());
        case "no-new-privileges" -> b.noNewPrivileges(parse(option, () -> DockerOptions.flag(parsed.value())),
            option.location());
        case "systempaths" -> {
          if (parsed.value().equals("unconfined")) {
            b.maskedPaths(List.of(), option.location());
            b.readonlyPaths(List.of(), option.location());
          }
        }
        default -> {}
      }
    }
  }

  private void volumes() {
    for (Cursor volume : service.get("volumes").items()) {
      if (!volume.isMap()) {
        String spec = volume.text().orElseThrow(() -> volume.error("empty volume"));
        b.mount(parse(volume, () -> DockerOptions.volume(spec)), volume.location());
        continue;
      }
      String type = volume.get("type").textOr("volume");
      String target = volume.get("target").text().orElseThrow(() -> volume.error("a volume needs a target"));
      String source = type.equals("tmpfs") ? "" : volume.get("source").textOr("");
      boolean readOnly = volume.get("read_only").bool().orElse(false);
      Optional<String> propagation = volume.get("bind").get("propagation").text();
      b.mount(new Mount(type, source, target, readOnly, propagation), volume.location());
    }
  }

  private void namespace(String key, String kind) {
    text(key).ifPresent(mode -> {
      if (kind.equals("network") && mode.equals("none")) {
        b.namespace(kind, "private", at(key));
      } else {
        b.namespace(kind, DockerOptions.namespace(mode), at(key));
      }
    });
  }

  private void resources() {
    Cursor limits = service.get("deploy").get("resources").get("limits");
    Cursor memory = service.get("mem_limit").exists() ? service.get("mem_limit") : limits.get("memory");
    memory.text().map(t -> parse(memory, () -> DockerOptions.bytes(t))).filter(v -> v > 0)
        .ifPresent(v -> b.memoryBytes(v, memory.location()));
    Cursor swap = service.get("memswap_limit");
    swap.text().filter(t -> !t.strip().equals("-1")).map(t -> parse(swap, () -> DockerOptions.bytes(t)))
        .filter(v -> v > 0).ifPresent(v -> b.memorySwapBytes(v, swap.location()));
    Cursor cpus = service.get("cpus").exists() ? service.get("cpus") : limits.get("cpus");
    cpus.decimal().filter(v -> v > 0).ifPresent(v -> b.cpus(v, cpus.location()));
    if (!cpus.exists()) {
      Optional<Long> quota = service.get("cpu_quota").integer().filter(q -> q > 0);
      long period = service.get("cpu_period").integer().filter(p -> p > 0).orElse(100_000L);
      quota.ifPresent(q -> b.cpus((double) q / period, at("cpu_quota")));
    }
    service.get("cpu_shares").integer().filter(v -> v > 0).ifPresent(v -> b.cpuShares(v, at("cpu_shares")));
    Cursor pids = service.get("pids_limit").exists() ? service.get("pids_limit") : limits.get("pids");
    pids.integer().filter(v -> v > 0).ifPresent(v -> b.pidsLimit(v, pids.location()));
    for (Map.Entry<String, Cursor> ulimit : service.get("ulimits").entries().entrySet()) {
      Cursor value = ulimit.getValue();
      long soft;
      long hard;
      if (value.isMap()) {
        soft = value.get("soft").integer().orElseThrow(() -> value.error("a ulimit needs soft and hard"));
        hard = value.get("hard").integer().orElseThrow(() -> value.error("a ulimit needs soft and hard"));
      } else {
        soft = value.integer().orElseThrow(() -> value.error("empty ulimit"));
        hard = soft;
      }
      b.ulimit(new Ulimit(ulimit.getKey(), soft, hard), value.location());
    }
  }

  private void sysctls() {
    Cursor sysctls = service.get("sysctls");
    if (sysctls.isList()) {
      for (Cursor item : sysctls.items()) {
        String text = item.textOr("");
        int equals = text.indexOf('=');
        b.sysctl(equals < 0 ? text : text.substring(0, equals), equals < 0 ? "" : text.substring(equals + 1),
            item.location());
      }
    } else {
      sysctls.entries().forEach((k, v) -> b.sysctl(k, v.textOr(""), v.location()));
    }
  }

  private void environment() {
    Cursor env = service.get("environment");
    if (env.isList()) {
      for (Cursor item : env.items()) {
        String text = item.textOr("");
        int equals = text.indexOf('=');
        b.env(equals < 0 ? new EnvVar(text, Optional.empty(), false)
            : new EnvVar(text.substring(0, equals), Optional.of(text.substring(equals + 1)), false), item.location());
      }
    } else {
      env.entries().forEach((k, v) -> b.env(new EnvVar(k, v.text(), false), v.location()));
    }
  }

  private void healthcheck() {
    Cursor health = service.get("healthcheck");
    if (!health.exists()) {
      return;
    }
    Cursor test = health.get("test");
    List<String> words = test.isList() ? test.strings()
        : test.text().map(t -> List.of("CMD-SHELL", t)).orElse(List.of());
    boolean disabled = health.get("disable").bool().orElse(false)
        || !words.isEmpty() && words.getFirst().equals("NONE");
    b.healthcheck(new Healthcheck(words, disabled), health.location());
  }

  private void restart() {
    Optional<String> restart = text("restart");
    if (restart.isPresent()) {
      String value = restart.orElseThrow();
      int colon = value.indexOf(':');
      int retries = 0;
      if (colon >= 0) {
        Cursor at = service.get("restart");
        retries = parse(at, () -> Integer.parseInt(value.substring(colon + 1)));
      }
      b.restartPolicy(new RestartPolicy(colon < 0 ? value : value.substring(0, colon), retries), at("restart"));
      return;
    }
    Cursor policy = service.get("deploy").get("restart_policy");
    if (policy.exists()) {
      String condition = policy.get("condition").textOr("any").toLowerCase(Locale.ROOT);
      String docker = switch (condition) {
        case "none" -> "no";
        case "on-failure" -> "on-failure";
        default -> "always";
      };
      b.restartPolicy(new RestartPolicy(docker, policy.get("max_attempts").integer().orElse(0L).intValue()),
          policy.location());
    }
  }

  private static List<String> commandWords(Cursor command) {
    return command.isList() ? command.strings() : command.text().map(List::of).orElse(List.of());
  }

  private static List<Cursor> listOrOne(Cursor cursor) {
    return cursor.isList() ? cursor.items() : cursor.exists() ? List.of(cursor) : List.of();
  }

  private Optional<String> text(String key) {
    return service.get(key).text();
  }

  private dev.bulwark.audit.model.Location at(String key) {
    return service.get(key).location();
  }

  private static <T> T parse(Cursor at, Supplier<T> reader) {
    try {
      return reader.get();
    } catch (IllegalArgumentException e) {
      throw at.error(e.getMessage());
    }
  }
}
