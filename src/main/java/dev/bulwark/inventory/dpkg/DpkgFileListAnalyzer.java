package dev.bulwark.inventory.dpkg;

import dev.bulwark.io.LineReader;
import dev.bulwark.inventory.AnalyzedFile;
import dev.bulwark.inventory.Analyzer;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.layer.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The files dpkg installed for each package: {@code /var/lib/dpkg/info/<package>[:<arch>].list},
 * one path per line, reported as {@link Fact.OwnedFiles} to be joined with the status records by
 * name and architecture. Multi-Arch: same packages carry their architecture in the file name; the
 * others have none ({@code ""}). The first line, {@code /.}, is the root and is left out.
 *
 * <p>Distroless images have no lists; their {@code /var/lib/dpkg/status.d/<package>.md5sums}
 * ({@code <md5>  <path relative to />} per line) name the same files and are read instead.
 */
public final class DpkgFileListAnalyzer implements Analyzer {
  static final String INFO = "/var/lib/dpkg/info/";
  static final String STATUS_D = "/var/lib/dpkg/status.d/";
  private static final String LIST = ".list";
  private static final String MD5SUMS = ".md5sums";
  /** An md5sums line: 32 hex digits, two spaces, the path. */
  private static final int MD5SUMS_PREFIX = 34;

  /** Bytes of one list; the largest in Debian (texlive, fonts, kernel modules) are a few MiB. */
  static final long MAX_LIST_BYTES = 64L << 20;
  /** Paths in one list. */
  static final int MAX_PATHS = 1_000_000;
  /** Bytes of one path; Linux's PATH_MAX is 4096. */
  static final int MAX_PATH_BYTES = 4096;

  @Override
  public String type() {
    return "dpkg-list";
  }

  @Override
  public int version() {
    return 2;
  }

  @Override
  public boolean required(LayerEntry entry) {
    String path = entry.path();
    return (path.endsWith(LIST) && directlyIn(path, INFO, LIST))
        || (path.endsWith(MD5SUMS) && directlyIn(path, STATUS_D, MD5SUMS));
  }

  private static boolean directlyIn(String path, String directory, String suffix) {
    return path.startsWith(directory)
        && path.length() > directory.length() + suffix.length()
        && path.indexOf('/', directory.length()) < 0;
  }

  @Override
  public List<Fact> analyze(AnalyzedFile file) throws IOException {
    boolean md5sums = file.path().startsWith(STATUS_D);
    String fileName = md5sums
        ? file.path().substring(STATUS_D.length(), file.path().length() - MD5SUMS.length())
        : file.path().substring(INFO.length(), file.path().length() - LIST.length());
    int colon = fileName.indexOf(':');
    String name = colon < 0 ? fileName : fileName.substring(0, colon);
    String arch = colon < 0 ? "" : fileName.substring(colon + 1);
    if (name.isEmpty()) {
      return List.of(new Fact.Warning("not a package file list: no package name"));
    }
    if (file.size() > MAX_LIST_BYTES) {
      return List.of(new Fact.Warning("file list of " + name + " not read: " + file.size()
          + " bytes is over the limit of " + MAX_LIST_BYTES));
    }
    List<String> paths = new ArrayList<>();
    try (InputStream in = file.open()) {
      LineReader lines = new LineReader(in, MAX_PATH_BYTES);
      while (lines.next()) {
        int length = lines.length();
        if (length == 0 || (length == 2 && lines.bytes()[0] == '/' && lines.bytes()[1] == '.')) {
          continue;
        }
        if (lines.truncated()) {
          return List.of(new Fact.Warning("file list of " + name + ": line " + lines.number() + " is longer than "
              + MAX_PATH_BYTES + " bytes"));
        }
        if (paths.size() == MAX_PATHS) {
          return List.of(new Fact.Warning("file list of " + name + ": more than " + MAX_PATHS + " paths"));
        }
        if (md5sums) {
          if (length <= MD5SUMS_PREFIX) {
            continue;
          }
          paths.add("/" + new String(lines.bytes(), MD5SUMS_PREFIX, length - MD5SUMS_PREFIX, StandardCharsets.UTF_8));
        } else {
          paths.add(new String(lines.bytes(), 0, length, StandardCharsets.UTF_8));
        }
      }
    }
    return List.of(new Fact.OwnedFiles(PackageType.DEB, name, arch, paths));
  }
}
