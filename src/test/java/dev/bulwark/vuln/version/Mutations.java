package dev.bulwark.vuln.version;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random variants of real versions, for differential tests: real versions keep the comparisons
 * realistic, the variants reach the corners ({@code ~}, epochs, leading zeros, odd separators).
 */
final class Mutations {
  private final Random random;
  private final List<String> pieces;

  /** {@code pieces} are the fragments a mutation may insert. */
  Mutations(long seed, List<String> pieces) {
    this.random = new Random(seed);
    this.pieces = List.copyOf(pieces);
  }

  /** The bases and {@code count} variants of them, without duplicates or blanks. */
  List<String> expand(List<String> bases, int count) {
    Set<String> out = new LinkedHashSet<>(bases);
    while (out.size() < bases.size() + count) {
      String v = bases.get(random.nextInt(bases.size()));
      int steps = 1 + random.nextInt(3);
      for (int i = 0; i < steps; i++) {
        v = mutate(v, bases);
      }
      if (!v.isEmpty() && v.chars().noneMatch(Character::isWhitespace)) {
        out.add(v);
      }
    }
    return List.copyOf(out);
  }

  private String mutate(String v, List<String> bases) {
    int at = v.isEmpty() ? 0 : random.nextInt(v.length() + 1);
    return switch (random.nextInt(8)) {
      case 0 -> v.substring(0, at) + pieces.get(random.nextInt(pieces.size())) + v.substring(at);
      case 1 -> v + pieces.get(random.nextInt(pieces.size()));
      case 2 -> at < v.length() ? v.substring(0, at) + v.substring(at + 1) : v;
      case 3 -> renumber(v);
      case 4 -> (random.nextInt(3)) + ":" + (v.indexOf(':') >= 0 ? v.substring(v.indexOf(':') + 1) : v);
      case 5 -> {
        String other = bases.get(random.nextInt(bases.size()));
        int cut = other.isEmpty() ? 0 : random.nextInt(other.length());
        yield v.substring(0, at) + other.substring(cut);
      }
      case 6 -> at > 0 ? v.substring(0, at) : v;
      default -> v;
    };
  }

  /** Replaces one run of digits by another number, sometimes with leading zeros. */
  private String renumber(String v) {
    List<int[]> runs = new ArrayList<>();
    for (int i = 0; i < v.length(); ) {
      if (Character.isDigit(v.charAt(i))) {
        int start = i;
        while (i < v.length() && Character.isDigit(v.charAt(i))) {
          i++;
        }
        runs.add(new int[] {start, i});
      } else {
        i++;
      }
    }
    if (runs.isEmpty()) {
      return v;
    }
    int[] run = runs.get(random.nextInt(runs.size()));
    String number = switch (random.nextInt(4)) {
      case 0 -> "0" + random.nextInt(10);
      case 1 -> String.valueOf(random.nextInt(3));
      case 2 -> String.valueOf(random.nextLong() & Long.MAX_VALUE) + random.nextInt(1000);
      default -> String.valueOf(random.nextInt(100));
    };
    return v.substring(0, run[0]) + number + v.substring(run[1]);
  }

  /** {@code count} random pairs from {@code versions}, one in five of a version with a close variant. */
  List<String[]> pairs(List<String> versions, int count) {
    List<String[]> pairs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String a = versions.get(random.nextInt(versions.size()));
      String b = random.nextInt(5) == 0 ? mutate(a, versions) : versions.get(random.nextInt(versions.size()));
      if (b.isEmpty() || b.chars().anyMatch(Character::isWhitespace)) {
        b = a;
      }
      pairs.add(new String[] {a, b});
    }
    return pairs;
  }
}
