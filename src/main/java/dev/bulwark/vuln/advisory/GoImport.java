package dev.bulwark.vuln.advisory;

import java.util.List;

/**
 * A Go package an advisory names as vulnerable ({@code ecosystem_specific.imports}): its import path,
 * the platforms it is limited to (empty for all), and the affected symbols (empty for the whole package).
 */
public record GoImport(String path, List<String> goos, List<String> goarch, List<String> symbols) {
  public GoImport {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("Go import without a path");
    }
    goos = List.copyOf(goos);
    goarch = List.copyOf(goarch);
    symbols = List.copyOf(symbols);
  }
}
