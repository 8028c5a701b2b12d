package dev.bulwark.inventory.dpkg;

import dev.bulwark.io.LineReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Streams the stanzas of a deb822 control file (dpkg's {@code status}): fields are {@code Name:
 * value} lines, continuation lines start with a space or tab, stanzas are separated by blank lines
 * (lines of only whitespace count as blank, as Debian Policy 5.1 allows). Only the fields a caller
 * names are kept, so long multi-line fields (descriptions, conffiles) cost a scan and no memory.
 * Field names match case-insensitively, as dpkg matches them.
 */
final class ControlStanzas {
  /**
   * A stanza's kept fields (by lower-case name) and what was wrong with it.
   *
   * @param keptFieldsValid false when a kept field was repeated or too long to keep
   */
  record Stanza(long line, Map<String, String> fields, List<String> problems, boolean keptFieldsValid) {
    Stanza {
      fields = Map.copyOf(fields);
      problems = List.copyOf(problems);
    }

    Optional<String> field(String lowerCaseName) {
      return Optional.ofNullable(fields.get(lowerCaseName));
    }
  }

  private final LineReader lines;
  private final String[] wanted;
  private final byte[][] wantedBytes;

  /**
   * @param wanted the lower-case names of the fields to keep
   * @param maxLineBytes lines longer than this are not kept; a kept field that long is a problem
   */
  ControlStanzas(InputStream in, List<String> wanted, int maxLineBytes) {
    this.lines = new LineReader(in, maxLineBytes);
    this.wanted = wanted.toArray(String[]::new);
    this.wantedBytes = new byte[this.wanted.length][];
    for (int i = 0; i < this.wanted.length; i++) {
      wantedBytes[i] = this.wanted[i].getBytes(StandardCharsets.US_ASCII);
    }
  }

  /** The next stanza with at least one field line, or empty at the end of the file. */
  Optional<Stanza> next() throws IOException {
    Map<String, String> fields = new HashMap<>(8);
    List<String> problems = new ArrayList<>(0);
    long first = 0;
    boolean valid = true;
    while (lines.next()) {
      byte[] line = lines.bytes();
      int length = lines.length();
      if (length == 0 || lines.blank()) {
        if (first != 0) {
          return Optional.of(new Stanza(first, fields, problems, valid));
        }
        continue;
      }
      byte lead = line[0];
      if (lead == ' ' || lead == '\t' || lead == '#') {
        // Continuation of a multi-line field, none of which are kept, or a comment.
        continue;
      }
      if (first == 0) {
        first = lines.number();
      }
      int colon = indexOf(line, length, (byte) ':');
      if (colon <= 0) {
        problems.add("line " + lines.number() + ": not a field");
        continue;
      }
      String name = wantedName(line, colon);
      if (name == null) {
        continue;
      }
      if (lines.truncated()) {
        problems.add("line " + lines.number() + ": field " + name + " is too long");
        valid = false;
        continue;
      }
      if (fields.putIfAbsent(name, lines.trimmed(colon + 1, length)) != null) {
        problems.add("line " + lines.number() + ": duplicate field " + name);
        valid = false;
      }
    }
    return first == 0 ? Optional.empty() : Optional.of(new Stanza(first, fields, problems, valid));
  }

  private String wantedName(byte[] line, int colon) {
    int end = colon;
    while (end > 0 && LineReader.isBlank(line[end - 1])) {
      end--;
    }
    for (int i = 0; i < wantedBytes.length; i++) {
      byte[] name = wantedBytes[i];
      if (name.length == end && equalsIgnoreAsciiCase(line, name)) {
        return wanted[i];
      }
    }
    return null;
  }

  private static boolean equalsIgnoreAsciiCase(byte[] line, byte[] lowerCase) {
    for (int i = 0; i < lowerCase.length; i++) {
      byte b = line[i];
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (b != lowerCase[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] line, int length, byte b) {
    for (int i = 0; i < length; i++) {
      if (line[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
