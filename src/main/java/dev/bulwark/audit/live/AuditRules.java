package dev.bulwark.audit.live;

import dev.bulwark.LimitExceededException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The paths auditd rules watch, from the rules files auditctl and augenrules load: {@code -w PATH}
 * watches, and syscall rules narrowed to a file ({@code -a always,exit -F path=PATH}, {@code -F dir=DIR}).
 * The rules loaded in the kernel ({@code auditctl -l}) are not read: that needs a netlink socket.
 */
final class AuditRules {
  static final String RULES_FILE = "/etc/audit/audit.rules";
  static final String RULES_DIR = "/etc/audit/rules.d";
  /** A rules file is a few KiB. */
  static final int MAX_FILE_BYTES = 4 << 20;
  /** rules.d holds tens of files. */
  static final int MAX_FILES = 1000;

  private AuditRules() {}

  /** Every watched path, sorted, from the rules file and rules.d. */
  static List<String> watchedPaths(HostFs fs) {
    Set<String> paths = new TreeSet<>();
    fs.read(RULES_FILE, MAX_FILE_BYTES).ifPresent(text -> paths.addAll(parse(text)));
    List<String> files = fs.list(RULES_DIR).stream().filter(n -> n.endsWith(".rules")).toList();
    if (files.size() > MAX_FILES) {
      throw new LimitExceededException(RULES_DIR, "rules file count", MAX_FILES);
    }
    for (String file : files) {
      fs.read(RULES_DIR + "/" + file, MAX_FILE_BYTES).ifPresent(text -> paths.addAll(parse(text)));
    }
    return List.copyOf(paths);
  }

  /** The paths of one rules file's text. */
  static List<String> parse(String text) {
    List<String> paths = new ArrayList<>();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] words = trimmed.split("\\s+");
      for (int i = 0; i < words.length; i++) {
        String word = words[i];
        if (word.equals("-w") && i + 1 < words.length) {
          paths.add(words[++i]);
        } else if (word.startsWith("-w") && word.length() > 2) {
          paths.add(word.substring(2));
        } else if (word.equals("-F") && i + 1 < words.length) {
          String field = words[++i];
          if (field.startsWith("path=")) {
            paths.add(field.substring(5));
          } else if (field.startsWith("dir=")) {
            paths.add(field.substring(4));
          }
        }
      }
    }
    return paths;
  }
}
