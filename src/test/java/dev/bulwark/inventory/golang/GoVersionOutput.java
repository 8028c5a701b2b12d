package dev.bulwark.inventory.golang;

import java.util.ArrayList;
import java.util.List;

/**
 * The output of {@code go version -m <binary>}, Go's own build info reader, as a test oracle: what
 * packages the analyzer should report for the binary.
 */
record GoVersionOutput(String goVersion, List<String> expectedPackages) {
  static GoVersionOutput parse(String text) {
    String[] lines = text.split("\n");
    String goVersion = lines[0].substring(lines[0].lastIndexOf(": ") + 2).strip();
    List<String> packages = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String[] columns = lines[i].strip().split("\t");
      boolean replaced = i + 1 < lines.length && lines[i + 1].strip().startsWith("=>\t");
      if ((columns[0].equals("mod") || columns[0].equals("dep")) && !replaced) {
        packages.add(columns[1] + "@" + columns[2]);
      } else if (columns[0].equals("=>")) {
        packages.add(columns[1] + "@" + columns[2]);
      }
    }
    GoToolchainVersion.semver(goVersion).ifPresent(v -> packages.add(GoBinaryPackages.STDLIB + "@" + v));
    return new GoVersionOutput(goVersion, packages);
  }
}
