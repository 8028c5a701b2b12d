package dev.bulwark.audit.source.image;

import dev.bulwark.audit.model.ContainerSettings.EnvVar;
import dev.bulwark.audit.model.ImageSettings;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.Provenance;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.model.SubjectRef;
import dev.bulwark.audit.source.AuditContext;
import dev.bulwark.audit.source.SubjectSource;
import dev.bulwark.image.Image;
import dev.bulwark.image.ImageConfig;
import dev.bulwark.image.ImageRef;
import dev.bulwark.image.ImageSource;
import dev.bulwark.image.ImageSources;
import dev.bulwark.inventory.Analyzers;
import dev.bulwark.inventory.Inventory;
import dev.bulwark.inventory.InventoryService;
import dev.bulwark.inventory.Package;
import dev.bulwark.inventory.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Images, read with the scanner's image sources and inventory: {@code image:REF} for any reference
 * {@code bulwark scan} takes ({@code image:nginx:1.25}, {@code image:docker:web} for the local Engine's
 * image store), and the unambiguous transports bare: {@code docker-archive:PATH}, {@code oci:DIR[:TAG]},
 * {@code oci-archive:PATH}, {@code registry:REF}. Bare {@code docker:} belongs to the live Engine source.
 * One {@link Subject.Image}: the configuration (user, healthcheck, ports, environment, labels, history),
 * the names of the installed packages, and the set-user-ID and set-group-ID files of its filesystem.
 * The scanner's layer cache (in the context) serves the inventory, and the setuid files come from
 * the filesystem it stacked (see {@link SetuidFiles}).
 */
public final class ImageSubjectSource implements SubjectSource {
  static final String PREFIX = "image:";
  private static final List<String> BARE = List.of("docker-archive:", "oci:", "oci-archive:", "registry:");

  @Override
  public String kind() {
    return "image";
  }

  @Override
  public boolean accepts(String target, AuditContext context) {
    return names(target);
  }

  /** Whether {@code target} names an image (so that reading it may use the layer cache). */
  public static boolean names(String target) {
    return reference(target).isPresent();
  }

  /** The image reference a target names, if it names one. */
  static Optional<String> reference(String target) {
    if (target.startsWith(PREFIX) && target.length() > PREFIX.length()) {
      return Optional.of(target.substring(PREFIX.length()));
    }
    for (String prefix : BARE) {
      if (target.startsWith(prefix) && target.length() > prefix.length()) {
        return Optional.of(target);
      }
    }
    return Optional.empty();
  }

  @Override
  public List<Subject> load(String target, AuditContext context) {
    ImageRef ref = ImageRef.parse(reference(target).orElseThrow());
    InventoryService service = new InventoryService(Analyzers.all(), context.layerCache(),
        context.imageOptions().limits(), Progress.NONE);
    try (ImageSource source = ImageSources.open(ref, context.imageOptions())) {
      Image image = source.image();
      InventoryService.Stacked stacked = service.stack(source, ref.display());
      return List.of(subject(ref.display(), image, stacked.inventory(), SetuidFiles.in(stacked.view())));
    }
  }

  /**
   * The subject of an image already read; {@code name} names it in evidence, {@code setuidFiles} are
   * the paths of its set-user-ID and set-group-ID files.
   */
  public static Subject.Image subject(String name, Image image, Inventory inventory, List<String> setuidFiles) {
    ImageConfig config = image.config();
    Location subject = Location.field(name, "");
    Provenance.Builder p = new Provenance.Builder(subject);
    config.user().filter(u -> !u.isEmpty()).ifPresent(u -> p.put("user", Location.field(name, "config.User")));
    config.healthcheck().ifPresent(h -> p.put("healthcheck", Location.field(name, "config.Healthcheck")));
    if (!config.exposedPorts().isEmpty()) {
      p.put("exposedPorts", Location.field(name, "config.ExposedPorts"));
    }
    List<EnvVar> env = new ArrayList<>();
    for (String assignment : config.env()) {
      int equals = assignment.indexOf('=');
      p.put("env[" + env.size() + "]", Location.field(name, "config.Env[" + env.size() + "]"));
      env.add(equals < 0 ? new EnvVar(assignment, Optional.empty(), false)
          : new EnvVar(assignment.substring(0, equals), Optional.of(assignment.substring(equals + 1)), false));
    }
    config.labels().keySet().forEach(k -> p.put("labels[\"" + k + "\"]", Location.field(name, "config.Labels")));
    List<ImageSettings.History> history = new ArrayList<>();
    for (ImageConfig.HistoryEntry entry : config.history()) {
      p.put("history[" + history.size() + "]", Location.field(name, "history[" + history.size() + "]"));
      history.add(new ImageSettings.History(entry.createdBy().orElse(""), entry.comment().orElse(""),
          entry.emptyLayer()));
    }
    Map<String, String> packages = new TreeMap<>();
    for (Package pkg : inventory.packages()) {
      packages.putIfAbsent(pkg.name(), pkg.locations().isEmpty() ? "" : pkg.locations().getFirst());
    }
    List<String> names = new ArrayList<>(packages.keySet());
    for (int i = 0; i < names.size(); i++) {
      p.put("packages[" + i + "]", Location.field(name, packages.get(names.get(i))));
    }
    if (!setuidFiles.isEmpty()) {
      p.put("setuidFiles", Location.field(name, "file modes of the stacked layers"));
    }
    Optional<String> digest = image.manifestDigest().or(image::configDigest).map(Object::toString);
    ImageSettings settings = new ImageSettings(name, digest, config.user().filter(u -> !u.isEmpty()),
        config.healthcheck(), config.exposedPorts(), env, config.labels(), history, names, setuidFiles);
    SubjectRef ref = new SubjectRef("image", name, image.configDigest().map(Object::toString), Optional.empty(),
        Optional.empty());
    return new Subject.Image(ref, settings, p.build());
  }
}
