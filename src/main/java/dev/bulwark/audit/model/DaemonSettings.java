package dev.bulwark.audit.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Docker daemon's configuration as it takes effect: daemon.json merged with the dockerd
 * command line (flags win, as dockerd refuses conflicts), and what the running Engine reports
 * (versions, security options). Absent means not configured: dockerd's default applies.
 *
 * @param backportedCves CVE ids that the changelogs of the distribution packages the Engine runs
 *     (docker.io, containerd, runc) name as fixed: distributions back-port fixes and keep the
 *     upstream version number, so a version rule must consult this too
 * @param hosts the sockets dockerd listens on ({@code unix:///var/run/docker.sock}, {@code tcp://0.0.0.0:2375})
 * @param tlsVerify {@code --tlsverify}: clients must present a certificate the CA signed
 * @param icc inter-container communication on the default bridge
 * @param usernsRemap {@code --userns-remap}
 */
public record DaemonSettings(
    Optional<String> version,
    Optional<String> containerdVersion,
    Optional<String> runcVersion,
    List<String> backportedCves,
    List<String> hosts,
    boolean tls,
    boolean tlsVerify,
    Optional<Boolean> icc,
    Optional<String> logLevel,
    Optional<Boolean> iptables,
    List<String> insecureRegistries,
    Optional<String> storageDriver,
    List<ContainerSettings.Ulimit> defaultUlimits,
    Optional<String> usernsRemap,
    Optional<String> cgroupParent,
    List<String> authorizationPlugins,
    Optional<String> logDriver,
    Optional<Boolean> liveRestore,
    Optional<Boolean> userlandProxy,
    Optional<String> seccompProfile,
    Optional<Boolean> experimental,
    Optional<Boolean> noNewPrivileges,
    Optional<Boolean> rootless,
    List<String> securityOptions,
    Map<String, String> other) {
  public DaemonSettings {
    backportedCves = List.copyOf(backportedCves);
    hosts = List.copyOf(hosts);
    insecureRegistries = List.copyOf(insecureRegistries);
    defaultUlimits = List.copyOf(defaultUlimits);
    authorizationPlugins = List.copyOf(authorizationPlugins);
    securityOptions = List.copyOf(securityOptions);
    other = Map.copyOf(other);
  }
}
