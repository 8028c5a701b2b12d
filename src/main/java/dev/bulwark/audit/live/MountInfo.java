package dev.bulwark.audit.live;

import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.audit.model.KernelView;
import java.util.ArrayList;
import java.util.List;

/** Parses /proc/PID/mountinfo (proc(5)): one mount a line, optional fields ended by a lone {@code -}. */
final class MountInfo {
  /** A container has a few dozen mounts; a host with many bind mounts a few thousand. */
  static final int MAX_BYTES = 8 << 20;
  static final int MAX_MOUNTS = 50_000;

  private MountInfo() {}

  static List<KernelView.MountInfo> parse(String text, String what) {
    List<KernelView.MountInfo> mounts = new ArrayList<>();
    int number = 0;
    for (String line : text.split("\n")) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      if (mounts.size() >= MAX_MOUNTS) {
        throw new LimitExceededException(what, "mount count", MAX_MOUNTS);
      }
      String[] fields = line.split(" ");
      int dash = -1;
      for (int i = 6; i < fields.length; i++) {
        if (fields[i].equals("-")) {
          dash = i;
          break;
        }
      }
      if (fields.length < 7 || dash < 0 || fields.length < dash + 3) {
        throw new InputException(what + ":" + number + ": malformed mountinfo line");
      }
      boolean readOnly = List.of(fields[5].split(",")).contains("ro");
      boolean shared = false;
      boolean slave = false;
      boolean unbindable = false;
      for (int i = 6; i < dash; i++) {
        shared |= fields[i].startsWith("shared:");
        slave |= fields[i].startsWith("master:");
        unbindable |= fields[i].equals("unbindable");
      }
      // A mount both shared and a slave still propagates to its peers, which is what matters here.
      String propagation = shared ? "shared" : slave ? "slave" : unbindable ? "unbindable" : "private";
      mounts.add(new KernelView.MountInfo(unescape(fields[4]), unescape(fields[3]), unescape(fields[dash + 1]),
          unescape(fields[dash + 2]), readOnly, propagation));
    }
    return mounts;
  }

  /** The kernel writes space, tab, newline and backslash in paths as three octal digits ({@code \040}). */
  static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && isOctal(field, i + 1)) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }
}
