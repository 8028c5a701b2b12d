package dev.bulwark.inventory;

import dev.bulwark.fs.ContentRef;
import dev.bulwark.fs.FilesystemView;
import dev.bulwark.fs.Node;
import dev.bulwark.image.Digest;
import dev.bulwark.inventory.distro.Distro;
import dev.bulwark.inventory.distro.DistroDetector;
import dev.bulwark.inventory.distro.ReleaseFiles;
import dev.bulwark.layer.EntryPaths;
import dev.bulwark.layer.EntryType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Joins the per-layer facts once the layers are stacked: only facts of files still visible count;
 * the distribution comes from the release files the view resolves to (through symlinks and
 * hardlinks); each package gets the layer that introduced it, its Package URL, and, if an OS
 * package installed its file, that owner.
 */
public final class InventoryAssembler {
  private final List<LayerIndex> layers;
  private final List<Optional<Digest>> diffIds;
  private final FilesystemView view;
  private final Map<String, Set<String>> packageKeysByLayerPath = new HashMap<>();

  public InventoryAssembler(List<LayerIndex> layers, List<Optional<Digest>> diffIds, FilesystemView view) {
    this.layers = List.copyOf(layers);
    this.diffIds = List.copyOf(diffIds);
    this.view = view;
  }

  public Inventory assemble(ImageSummary image) {
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      for (String rejected : layers.get(i).rejected()) {
        warnings.add("layer " + i + ": entry refused: " + rejected);
      }
    }
    warnings.addAll(view.problems());
    Optional<Distro> distro = DistroDetector.detect(releaseFiles());

    Map<String, Package> packages = new LinkedHashMap<>();
    List<Fact.OwnedFiles> ownedFiles = new ArrayList<>();
    for (Map.Entry<String, Node> named : view.nodes().entrySet()) {
      Node node = named.getValue();
      if (node.type() != EntryType.FILE || node.content().isEmpty()) {
        continue;
      }
      ContentRef content = node.content().orElseThrow();
      List<Fact> facts = layers.get(content.layer()).facts().get(content.path());
      if (facts == null) {
        continue;
      }
      String path = named.getKey();
      for (Fact fact : facts) {
        switch (fact) {
          case Fact.FoundPackage found -> place(found, path, node, content, distro, packages, warnings);
          case Fact.OwnedFiles owned -> ownedFiles.add(owned);
          case Fact.Warning warning -> warnings.add(path + ": " + warning.message());
          case Fact.ReleaseFile ignored -> {}
        }
      }
    }
    List<Package> result = markOwners(dropDeclaredButInstalled(new ArrayList<>(packages.values())), ownedFiles);
    result.sort(Comparator.comparing((Package p) -> p.type().ordinal())
        .thenComparing(Package::name)
        .thenComparing(Package::version)
        .thenComparing(p -> p.locations().getFirst()));
    return new Inventory(image, distro, result, warnings);
  }

  /** The release file each known path names in the stacked image, symlinks and hardlinks followed. */
  private Map<String, Fact.ReleaseFile> releaseFiles() {
    Map<String, Fact.ReleaseFile> byPath = new LinkedHashMap<>();
    for (String path : ReleaseFiles.PATHS) {
      view.follow(path).flatMap(Node::content).ifPresent(content -> {
        for (Fact fact : layers.get(content.layer()).facts().getOrDefault(content.path(), List.of())) {
          if (fact instanceof Fact.ReleaseFile release) {
            byPath.putIfAbsent(path, release);
          }
        }
      });
    }
    return byPath;
  }

  private void place(Fact.FoundPackage found, String path, Node node, ContentRef content, Optional<Distro> distro,
      Map<String, Package> packages, List<String> warnings) {
    PackageRecord pkg = found.pkg();
    Optional<String> purl = PackageUrls.of(pkg, distro);
    if (purl.isEmpty()) {
      warnings.add(path + ": package '" + pkg.name() + "' " + pkg.version() + " has a name no Package URL can hold; skipped");
      return;
    }
    String location = pkg.innerPath().map(inner -> path + "!/" + inner).orElse(path);
    String key = purl.orElseThrow() + "|" + content.layer() + "|" + content.path() + "|" + pkg.innerPath().orElse("");
    int layer = introducedIn(pkg, node.layer(), content.path());
    Package existing = packages.get(key);
    if (existing != null) {
      List<String> locations = new ArrayList<>(existing.locations());
      if (!locations.contains(location)) {
        locations.add(location);
      }
      int earliest = Math.min(existing.layer(), layer);
      packages.put(key, new Package(existing.record(), existing.purl(), earliest, diffId(earliest), locations,
          Optional.empty(), existing.foundBy()));
      return;
    }
    packages.put(key, new Package(pkg, purl.orElseThrow(), layer, diffId(layer), List.of(location), Optional.empty(),
        found.foundBy()));
  }

  private Optional<Digest> diffId(int layer) {
    return layer >= 0 && layer < diffIds.size() ? diffIds.get(layer) : Optional.empty();
  }

  /**
   * A package database is rewritten whole by every layer that installs anything, so the layer that
   * wrote the visible copy is not the one that installed each package in it: walk down through the
   * layers that wrote the same file while they still record the same package.
   */
  private int introducedIn(PackageRecord pkg, int layer, String path) {
    String key = packageKey(pkg);
    int introduced = layer;
    for (int lower = layer - 1; lower >= 0; lower--) {
      Set<String> keys = packageKeys(lower, path);
      if (keys == null) {
        continue; // this layer did not write the file
      }
      if (!keys.contains(key)) {
        break;
      }
      introduced = lower;
    }
    return introduced;
  }

  private Set<String> packageKeys(int layer, String path) {
    List<Fact> facts = layers.get(layer).facts().get(path);
    if (facts == null) {
      return null;
    }
    return packageKeysByLayerPath.computeIfAbsent(layer + "|" + path, k -> {
      Set<String> keys = new HashSet<>();
      for (Fact fact : facts) {
        if (fact instanceof Fact.FoundPackage found) {
          keys.add(packageKey(found.pkg()));
        }
      }
      return keys;
    });
  }

  private static String packageKey(PackageRecord pkg) {
    return pkg.type() + "|" + pkg.name() + "|" + pkg.version() + "|" + pkg.arch() + "|" + pkg.innerPath().orElse("");
  }

  /** Lock files declare what should be installed; where the installed copy was found, keep that. */
  private static List<Package> dropDeclaredButInstalled(List<Package> packages) {
    Map<String, List<String>> installedAt = new HashMap<>();
    for (Package p : packages) {
      if (!p.record().properties().containsKey(PackageRecord.LOCKFILE)) {
        installedAt.computeIfAbsent(p.type() + "|" + p.name() + "|" + p.version(), k -> new ArrayList<>())
            .addAll(p.locations());
      }
    }
    List<Package> kept = new ArrayList<>();
    for (Package p : packages) {
      if (p.record().properties().containsKey(PackageRecord.LOCKFILE)) {
        String directory = EntryPaths.parent(p.locations().getFirst()).orElse("/");
        List<String> locations = installedAt.getOrDefault(p.type() + "|" + p.name() + "|" + p.version(), List.of());
        if (locations.stream().anyMatch(location -> EntryPaths.isUnder(location, directory))) {
          continue;
        }
      }
      kept.add(p);
    }
    return kept;
  }

  /**
   * Marks language packages whose file an OS package installed. Paths on both sides are compared
   * after resolving their directories in the view, so a package manager's {@code /lib/…} matches a
   * file found at {@code /usr/lib/…} in a merged-/usr image. Resolving keeps the file name, so the
   * hundred thousand files a distribution lists are first sifted by name against the few files
   * language packages were found in; the first OS package to list a file owns it.
   */
  private List<Package> markOwners(List<Package> packages, List<Fact.OwnedFiles> ownedFiles) {
    Set<String> wanted = new HashSet<>();
    Set<String> wantedNames = new HashSet<>();
    for (Package p : packages) {
      if (!p.type().isOs()) {
        String file = ownedPath(p);
        wanted.add(file);
        wantedNames.add(EntryPaths.fileName(file));
      }
    }
    if (wanted.isEmpty()) {
      return packages;
    }
    Map<String, String> ownerOf = new HashMap<>();
    Map<String, String> resolvedDirectories = new HashMap<>();
    Map<String, Package> osByNameArch = new HashMap<>();
    for (Package p : packages) {
      if (p.type().isOs()) {
        osByNameArch.putIfAbsent(p.type() + "|" + p.name() + "|" + p.record().arch(), p);
        osByNameArch.putIfAbsent(p.type() + "|" + p.name() + "|", p);
        for (String file : p.record().installedFiles()) {
          claim(file, p.purl(), wanted, wantedNames, ownerOf, resolvedDirectories);
        }
      }
    }
    for (Fact.OwnedFiles owned : ownedFiles) {
      Package owner = osByNameArch.get(owned.format() + "|" + owned.packageName() + "|" + owned.arch());
      if (owner == null) {
        continue; // a list left behind by a package that is no longer installed
      }
      for (String file : owned.paths()) {
        claim(file, owner.purl(), wanted, wantedNames, ownerOf, resolvedDirectories);
      }
    }
    if (ownerOf.isEmpty()) {
      return packages;
    }
    List<Package> result = new ArrayList<>(packages.size());
    for (Package p : packages) {
      if (!p.type().isOs()) {
        Optional<String> owner = Optional.ofNullable(ownerOf.get(ownedPath(p)));
        if (owner.isPresent()) {
          p = new Package(p.record(), p.purl(), p.layer(), p.layerDiffId(), p.locations(), owner, p.foundBy());
        }
      }
      result.add(p);
    }
    return result;
  }

  /** The file a language package was found in: its first location, outside any archive. */
  private static String ownedPath(Package p) {
    String file = p.locations().getFirst();
    int inner = file.indexOf("!/");
    return inner >= 0 ? file.substring(0, inner) : file;
  }

  private void claim(String file, String purl, Set<String> wanted, Set<String> wantedNames,
      Map<String, String> ownerOf, Map<String, String> resolvedDirectories) {
    if (wantedNames.contains(EntryPaths.fileName(file))) {
      String canonical = canonical(file, resolvedDirectories);
      if (wanted.contains(canonical)) {
        ownerOf.putIfAbsent(canonical, purl);
      }
    }
  }

  private String canonical(String file, Map<String, String> resolvedDirectories) {
    Optional<String> parent = EntryPaths.parent(file);
    if (parent.isEmpty()) {
      return file;
    }
    String directory = resolvedDirectories.computeIfAbsent(parent.orElseThrow(),
        d -> view.resolve(d).orElse(d));
    return EntryPaths.join(directory, EntryPaths.fileName(file));
  }
}
