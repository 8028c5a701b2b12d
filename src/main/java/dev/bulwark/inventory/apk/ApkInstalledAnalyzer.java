package dev.bulwark.inventory.apk;

import dev.bulwark.io.LineReader;
import dev.bulwark.LimitExceededException;
import dev.bulwark.inventory.AnalyzedFile;
import dev.bulwark.inventory.Analyzer;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.layer.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The packages apk records as installed: {@code /lib/apk/db/installed} (and
 * {@code /usr/lib/apk/db/installed}, where apk-tools 3 keeps it on usr-merged systems). The
 * database is a series of records separated by blank lines, one {@code X:value} line per field
 * (the apk-tools "installed database" format): {@code P} name, {@code V} version, {@code A} arch,
 * {@code o} origin (the source package), {@code L} license, {@code F} a directory and the
 * {@code R} lines after it the files in it, {@code c} the aports commit, {@code t} the build time.
 * Every record in the file is installed; apk keeps no other state there.
 */
public final class ApkInstalledAnalyzer implements Analyzer {
  static final String INSTALLED = "/lib/apk/db/installed";
  static final String USR_INSTALLED = "/usr/lib/apk/db/installed";

  /** Property holding the aports commit the package was built from ({@code c:}). */
  public static final String COMMIT_PROPERTY = "apk:commit";
  /** Property holding the build time in seconds since the epoch ({@code t:}). */
  public static final String BUILD_TIME_PROPERTY = "apk:build-time";

  /** Records in one database; Alpine's whole repository set holds about 30,000 packages. */
  static final int MAX_PACKAGES = 200_000;
  /** Installed files over all packages of one database. */
  static final int MAX_FILES = 5_000_000;
  /** Bytes of one line; apk's own lines are a path or a short value. */
  static final int MAX_LINE_BYTES = 64 * 1024;
  /** Warnings reported for one file; further problems are counted in a last warning. */
  static final int MAX_WARNINGS = 20;

  @Override
  public String type() {
    return "apk-installed";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean required(LayerEntry entry) {
    String path = entry.path();
    return path.endsWith(INSTALLED) && (path.length() == INSTALLED.length() || path.equals(USR_INSTALLED));
  }

  @Override
  public List<Fact> analyze(AnalyzedFile file) throws IOException {
    List<Fact> packages = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    int[] dropped = {0};
    Record current = new Record();
    int records = 0;
    int files = 0;
    try (InputStream in = file.open()) {
      LineReader lines = new LineReader(in, MAX_LINE_BYTES);
      while (lines.next()) {
        int length = lines.length();
        byte[] line = lines.bytes();
        if (length == 0 || lines.blank()) {
          if (!current.isEmpty()) {
            if (++records > MAX_PACKAGES) {
              throw new LimitExceededException(file.path(), "packages", MAX_PACKAGES);
            }
            current.finish(packages, warnings, dropped);
            current = new Record();
          }
          continue;
        }
        if (current.isEmpty()) {
          current.line = lines.number();
        }
        if (length < 2 || line[1] != ':') {
          current.malformed++;
          continue;
        }
        if (lines.truncated()) {
          current.problem("line " + lines.number() + " is longer than " + MAX_LINE_BYTES + " bytes");
          continue;
        }
        String value = lines.value(2, length);
        switch (line[0]) {
          case 'P' -> current.name = value;
          case 'V' -> current.version = value;
          case 'A' -> current.arch = value;
          case 'o' -> current.origin = value;
          case 'L' -> current.license = value;
          case 'c' -> current.commit = value;
          case 't' -> current.buildTime = value;
          case 'F' -> current.directory = value;
          case 'R' -> {
            if (++files > MAX_FILES) {
              throw new LimitExceededException(file.path(), "installed files", MAX_FILES);
            }
            current.files.add(current.directory.isEmpty() ? "/" + value : "/" + current.directory + "/" + value);
          }
          default -> current.fields++;
        }
      }
    }
    if (!current.isEmpty()) {
      if (++records > MAX_PACKAGES) {
        throw new LimitExceededException(file.path(), "packages", MAX_PACKAGES);
      }
      current.finish(packages, warnings, dropped);
    }
    List<Fact> facts = new ArrayList<>(packages);
    for (String warning : warnings) {
      facts.add(new Fact.Warning(warning));
    }
    if (dropped[0] > 0) {
      facts.add(new Fact.Warning(dropped[0] + " further problems not shown"));
    }
    return facts;
  }

  /** One record as it is read. */
  private static final class Record {
    long line;
    String name = "";
    String version = "";
    String arch = "";
    String origin = "";
    String license = "";
    String commit = "";
    String buildTime = "";
    String directory = "";
    final List<String> files = new ArrayList<>();
    final List<String> problems = new ArrayList<>(0);
    int malformed;
    int fields;

    boolean isEmpty() {
      return line == 0;
    }

    void problem(String message) {
      problems.add(message);
    }

    void finish(List<Fact> packages, List<String> warnings, int[] dropped) {
      String where = "record at line " + line + (name.isEmpty() ? "" : " (" + name + ")");
      if (malformed > 0) {
        problems.add(malformed + " lines are not X:value fields");
      }
      if (!problems.isEmpty()) {
        warn(where + ": " + String.join("; ", problems), warnings, dropped);
      }
      if (name.isEmpty()) {
        if (fields > 0 || !version.isEmpty() || !files.isEmpty()) {
          warn(where + ": no package name (P:)", warnings, dropped);
        }
        return;
      }
      if (version.isEmpty()) {
        warn(where + ": no version (V:)", warnings, dropped);
        return;
      }
      PackageRecord.Builder builder = PackageRecord.builder(PackageType.APK, name, version)
          .arch(arch)
          .installedFiles(files);
      if (!origin.isEmpty()) {
        builder.source(origin, version);
      }
      if (!license.isEmpty()) {
        builder.licenses(List.of(license));
      }
      if (!commit.isEmpty()) {
        builder.property(COMMIT_PROPERTY, commit);
      }
      if (!buildTime.isEmpty()) {
        builder.property(BUILD_TIME_PROPERTY, buildTime);
      }
      packages.add(new Fact.FoundPackage(builder.build()));
    }

    private static void warn(String message, List<String> warnings, int[] dropped) {
      if (warnings.size() < MAX_WARNINGS) {
        warnings.add(message);
      } else {
        dropped[0]++;
      }
    }
  }
}
