package dev.bulwark.audit.source;

import dev.bulwark.audit.model.ContainerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The string forms Docker's CLI, API and compose share: security options, byte sizes, bind and
 * device specifications, namespace modes. Pure functions; an unreadable value is an
 * {@link IllegalArgumentException} the caller turns into an error naming file and line.
 */
public final class DockerOptions {
  private static final Set<String> PROPAGATIONS = Set.of("shared", "rshared", "slave", "rslave", "private", "rprivate");

  private DockerOptions() {}

  /**
   * One {@code --security-opt}: {@code seccomp=unconfined}, legacy {@code seccomp:unconfined},
   * {@code no-new-privileges}.
   */
  public record SecurityOption(String key, String value) {}

  public static SecurityOption securityOption(String option) {
    String text = option.strip();
    if (text.equals("no-new-privileges")) {
      return new SecurityOption("no-new-privileges", "true");
    }
    int equals = text.indexOf('=');
    int colon = text.indexOf(':');
    int cut = equals >= 0 ? equals : colon;
    if (cut < 0) {
      return new SecurityOption(text.toLowerCase(Locale.ROOT), "");
    }
    return new SecurityOption(text.substring(0, cut).strip().toLowerCase(Locale.ROOT), text.substring(cut + 1).strip());
  }

  /** Reads {@code no-new-privileges}'s value: empty or true/false. */
  public static boolean flag(String value) {
    String lower = value.strip().toLowerCase(Locale.ROOT);
    return switch (lower) {
      case "", "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new IllegalArgumentException("expected true or false, got \"" + value + "\"");
    };
  }

  /**
   * A byte size as Docker reads memory limits (go-units {@code RAMInBytes}): a number with an
   * optional binary unit {@code b k m g t p}, optionally followed by {@code b} or {@code ib}.
   */
  public static long bytes(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    int end = 0;
    while (end < value.length() && (Character.isDigit(value.charAt(end)) || value.charAt(end) == '.')) {
      end++;
    }
    if (end == 0) {
      throw new IllegalArgumentException("expected a size like 512m, got \"" + text + "\"");
    }
    double number;
    try {
      number = Double.parseDouble(value.substring(0, end));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a size like 512m, got \"" + text + "\"");
    }
    String unit = value.substring(end).strip();
    if (unit.endsWith("ib")) {
      unit = unit.substring(0, unit.length() - 2);
    } else if (unit.endsWith("b")) {
      unit = unit.substring(0, unit.length() - 1);
    }
    long multiplier = switch (unit) {
      case "" -> 1L;
      case "k" -> 1L << 10;
      case "m" -> 1L << 20;
      case "g" -> 1L << 30;
      case "t" -> 1L << 40;
      case "p" -> 1L << 50;
      default -> throw new IllegalArgumentException("unknown size unit in \"" + text + "\"");
    };
    return (long) (number * multiplier);
  }

  /**
   * A bind or volume in Docker's short form, {@code [SOURCE:]TARGET[:OPTIONS]}: a source that is a
   * path ({@code /}, {@code .}, {@code ~}, or a Windows drive) is a bind, another a named volume, none an
   * anonymous volume. Options {@code ro}, propagation modes and SELinux relabels are comma separated.
   */
  public static ContainerSettings.Mount volume(String spec) {
    List<String> parts = splitVolume(spec.strip());
    if (parts.isEmpty() || parts.size() > 3 || parts.getLast().isEmpty() && parts.size() == 1) {
      throw new IllegalArgumentException("malformed volume \"" + spec + "\"");
    }
    String source = parts.size() >= 2 ? parts.get(0) : "";
    String target = parts.size() >= 2 ? parts.get(1) : parts.get(0);
    String options = parts.size() == 3 ? parts.get(2) : "";
    boolean readOnly = false;
    Optional<String> propagation = Optional.empty();
    for (String option : options.split(",")) {
      String o = option.strip().toLowerCase(Locale.ROOT);
      if (o.equals("ro") || o.equals("readonly")) {
        readOnly = true;
      } else if (PROPAGATIONS.contains(o)) {
        propagation = Optional.of(o);
      }
    }
    String type = source.isEmpty() ? "volume" : isPath(source) ? "bind" : "volume";
    return new ContainerSettings.Mount(type, source, target, readOnly, propagation);
  }

  /** Whether a volume source names a host path rather than a volume. */
  public static boolean isPath(String source) {
    return source.startsWith("/") || source.startsWith(".") || source.startsWith("~") || source.startsWith("\\")
        || source.length() >= 2 && Character.isLetter(source.charAt(0)) && source.charAt(1) == ':';
  }

  private static List<String> splitVolume(String spec) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < spec.length(); i++) {
      if (spec.charAt(i) != ':') {
        continue;
      }
      // A Windows drive letter (C:\ or C:/) is part of the path, not a separator.
      boolean drive = i == start + 1 && Character.isLetter(spec.charAt(start)) && i + 1 < spec.length()
          && (spec.charAt(i + 1) == '\\' || spec.charAt(i + 1) == '/');
      if (!drive) {
        parts.add(spec.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(spec.substring(start));
    return parts;
  }

  /** {@code /dev/sda[:/dev/xvda[:rwm]]}; a CDI name ({@code vendor.com/class=name}) is kept as the host path. */
  public static ContainerSettings.Device device(String spec) {
    String[] parts = spec.strip().split(":", -1);
    if (parts[0].isEmpty() || parts.length > 3) {
      throw new IllegalArgumentException("malformed device \"" + spec + "\"");
    }
    String host = parts[0];
    String container = parts.length >= 2 && !parts[1].isEmpty() ? parts[1] : host;
    String permissions = parts.length == 3 && !parts[2].isEmpty() ? parts[2] : "rwm";
    if (parts.length == 2 && parts[1].matches("[rwm]{1,3}")) {
      container = host;
      permissions = parts[1];
    }
    return new ContainerSettings.Device(host, container, permissions);
  }

  /**
   * A namespace mode as Docker writes it: {@code host}; {@code container:NAME} or compose's
   * {@code service:NAME} (shared with another container); anything else (empty, {@code private},
   * {@code shareable}, {@code bridge}, {@code none}, a network name) is the container's own.
   */
  public static String namespace(String mode) {
    String value = mode.strip();
    if (value.equalsIgnoreCase("host")) {
      return "host";
    }
    if (value.startsWith("container:") || value.startsWith("service:")) {
      return "container:" + value.substring(value.indexOf(':') + 1);
    }
    return "private";
  }

  /**
   * An SELinux context ({@code system_u:system_r:container_t:s0:c1,c2}) as the options rules read:
   * {@code user:…}, {@code role:…}, {@code type:…}, {@code level:…}, the level keeping its own colons.
   */
  public static List<String> selinuxContext(String label) {
    String[] parts = label.strip().split(":", 4);
    String[] keys = {"user", "role", "type", "level"};
    List<String> options = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      if (!parts[i].isEmpty()) {
        options.add(keys[i] + ":" + parts[i]);
      }
    }
    return options;
  }

  /** Splits {@code user[:group]} into numeric ids where they are numeric. */
  public record UserIds(Optional<Long> uid, Optional<Long> gid) {}

  public static UserIds userIds(String user) {
    int colon = user.indexOf(':');
    String name = colon >= 0 ? user.substring(0, colon) : user;
    String group = colon >= 0 ? user.substring(colon + 1) : "";
    return new UserIds(number(name), number(group));
  }

  private static Optional<Long> number(String text) {
    if (text.isEmpty() || text.length() > 10) {
      return Optional.empty();
    }
    for (int i = 0; i < text.length(); i++) {
      if (!Character.isDigit(text.charAt(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(Long.parseLong(text));
  }

  /** The digest of an image reference ({@code name@sha256:…}), if it names one. */
  public static Optional<String> digest(String image) {
    int at = image.indexOf('@');
    return at >= 0 ? Optional.of(image.substring(at + 1)) : Optional.empty();
  }
}
