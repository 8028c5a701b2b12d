package dev.bulwark.inventory;

import dev.bulwark.inventory.apk.ApkInstalledAnalyzer;
import dev.bulwark.inventory.distro.ReleaseFilesAnalyzer;
import dev.bulwark.inventory.dotnet.DotnetDepsAnalyzer;
import dev.bulwark.inventory.dpkg.DpkgFileListAnalyzer;
import dev.bulwark.inventory.dpkg.DpkgStatusAnalyzer;
import dev.bulwark.inventory.elf.ExecutableAnalyzer;
import dev.bulwark.inventory.java.JavaArchiveAnalyzer;
import dev.bulwark.inventory.npm.NodePackageAnalyzer;
import dev.bulwark.inventory.npm.NpmLockAnalyzer;
import dev.bulwark.inventory.php.ComposerInstalledAnalyzer;
import dev.bulwark.inventory.python.PythonPackageAnalyzer;
import dev.bulwark.inventory.rpm.RpmDatabaseAnalyzer;
import dev.bulwark.inventory.ruby.GemspecAnalyzer;
import java.util.List;

/** The registry of analyzers: adding one is one line here. */
public final class Analyzers {
  private Analyzers() {}

  /** Every analyzer. Order does not change results; it is the order facts of one file are listed in. */
  public static List<Analyzer> all() {
    return List.of(
        new ReleaseFilesAnalyzer(),
        new DpkgStatusAnalyzer(),
        new DpkgFileListAnalyzer(),
        new ApkInstalledAnalyzer(),
        new RpmDatabaseAnalyzer(),
        new JavaArchiveAnalyzer(),
        new NodePackageAnalyzer(),
        new NpmLockAnalyzer(),
        new PythonPackageAnalyzer(),
        new GemspecAnalyzer(),
        new DotnetDepsAnalyzer(),
        new ComposerInstalledAnalyzer(),
        new ExecutableAnalyzer());
  }
}
