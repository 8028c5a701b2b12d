package dev.bulwark.vuln.version;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maven versions, ordered exactly as {@code org.apache.maven.artifact.versioning.ComparableVersion}
 * of Maven 3.9 (maven-artifact 3.9.11).
 *
 * <p>The version is lower-cased and split into items: numbers, qualifiers and sub-lists. A
 * {@code .} separates items; a {@code -}, and a change between digits and letters, opens a
 * sub-list. Trailing "null" items (0, the empty qualifier and its aliases {@code ga}, {@code final},
 * {@code release}, empty lists) are dropped from each list. Numbers compare as numbers; known
 * qualifiers order {@code alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release
 * < sp}, then unknown ones lexically; {@code a}, {@code b}, {@code m} directly followed by a digit
 * mean alpha, beta, milestone. A number is newer than a list, which is newer than a qualifier.
 *
 * <p>Maven keeps numbers in an int, a long or a BigInteger by digit count and orders a shorter
 * kind before a longer one whatever the values; that is reproduced (it only shows with ten or
 * more zeros, {@code 0000000000} being "longer" than {@code 5}). Maven accepts every string, so
 * every string is valid.
 */
public final class MavenScheme implements VersionScheme {
  private static final List<String> QUALIFIERS = List.of("alpha", "beta", "milestone", "rc", "snapshot", "", "sp");
  private static final Map<String, String> ALIASES = Map.of("ga", "", "final", "", "release", "", "cr", "rc");
  private static final String RELEASE_INDEX = String.valueOf(QUALIFIERS.indexOf(""));
  /** Maven's MAX_INTITEM_LENGTH and MAX_LONGITEM_LENGTH. */
  private static final int MAX_INT_LENGTH = 9;
  private static final int MAX_LONG_LENGTH = 18;

  @Override
  public String name() {
    return "maven";
  }

  @Override
  public int compare(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    return Integer.signum(parse(a).compareTo(parse(b)));
  }

  @Override
  public boolean isValid(String version) {
    return true;
  }

  /** One item of a parsed version. */
  private sealed interface Item permits Numeral, Qualifier, ItemList {
    /** Compares with another item, or with nothing ({@code null}: the other list ran out). */
    int compareTo(Item other);

    boolean isNull();
  }

  /**
   * A number: {@code kind} 0, 1 or 2 for Maven's int, long and BigInteger items, {@code digits} its
   * value in ASCII digits.
   */
  private record Numeral(int kind, String digits) implements Item {
    @Override
    public int compareTo(Item other) {
      if (other == null) {
        return isNull() ? 0 : 1;
      }
      return switch (other) {
        case Numeral n -> kind != n.kind ? Integer.compare(kind, n.kind) : Digits.compare(digits, n.digits);
        case Qualifier q -> 1;
        case ItemList l -> 1;
      };
    }

    @Override
    public boolean isNull() {
      return Digits.compare(digits, "0") == 0;
    }
  }

  private record Qualifier(String value) implements Item {
    static Qualifier of(String text, boolean followedByDigit) {
      String value = text;
      if (followedByDigit && value.length() == 1) {
        value = switch (value.charAt(0)) {
          case 'a' -> "alpha";
          case 'b' -> "beta";
          case 'm' -> "milestone";
          default -> value;
        };
      }
      return new Qualifier(ALIASES.getOrDefault(value, value));
    }

    private static String comparable(String qualifier) {
      int i = QUALIFIERS.indexOf(qualifier);
      return i == -1 ? QUALIFIERS.size() + "-" + qualifier : String.valueOf(i);
    }

    @Override
    public int compareTo(Item other) {
      if (other == null) {
        return comparable(value).compareTo(RELEASE_INDEX);
      }
      return switch (other) {
        case Numeral n -> -1;
        case Qualifier q -> comparable(value).compareTo(comparable(q.value));
        case ItemList l -> -1;
      };
    }

    @Override
    public boolean isNull() {
      return comparable(value).equals(RELEASE_INDEX);
    }
  }

  /** A list of items; mutable only while the version is parsed. */
  private record ItemList(List<Item> items) implements Item {
    @Override
    public int compareTo(Item other) {
      if (other == null) {
        for (Item item : items) {
          int c = item.compareTo(null);
          if (c != 0) {
            return c;
          }
        }
        return 0;
      }
      return switch (other) {
        case Numeral n -> -1;
        case Qualifier q -> 1;
        case ItemList l -> {
          int size = Math.max(items.size(), l.items.size());
          for (int i = 0; i < size; i++) {
            Item left = i < items.size() ? items.get(i) : null;
            Item right = i < l.items.size() ? l.items.get(i) : null;
            int c = left == null ? (right == null ? 0 : -right.compareTo(null)) : left.compareTo(right);
            if (c != 0) {
              yield c;
            }
          }
          yield 0;
        }
      };
    }

    @Override
    public boolean isNull() {
      return items.isEmpty();
    }

    void normalize() {
      for (int i = items.size() - 1; i >= 0; i--) {
        Item last = items.get(i);
        if (last.isNull()) {
          items.remove(i);
        } else if (!(last instanceof ItemList)) {
          break;
        }
      }
    }
  }

  /** {@code ComparableVersion.parseVersion}, step for step. */
  private static ItemList parse(String text) {
    String version = text.toLowerCase(Locale.ENGLISH);
    ItemList list = new ItemList(new ArrayList<>());
    ItemList root = list;
    Deque<ItemList> stack = new ArrayDeque<>();
    stack.push(list);
    boolean isDigit = false;
    int start = 0;
    for (int i = 0; i < version.length(); i++) {
      char c = version.charAt(i);
      if (c == '.' || c == '-') {
        list.items.add(i == start ? new Numeral(0, "0") : item(isDigit, version.substring(start, i)));
        start = i + 1;
        if (c == '-') {
          list = push(list, stack);
        }
      } else if (Character.isDigit(c)) {
        if (!isDigit && i > start) {
          // 1.0.0.X1 < 1.0.0-X2: a qualifier before a number opens a list
          if (!list.items.isEmpty()) {
            list = push(list, stack);
          }
          list.items.add(Qualifier.of(version.substring(start, i), true));
          start = i;
          list = push(list, stack);
        }
        isDigit = true;
      } else {
        if (isDigit && i > start) {
          list.items.add(item(true, version.substring(start, i)));
          start = i;
          list = push(list, stack);
        }
        isDigit = false;
      }
    }
    if (version.length() > start) {
      if (!isDigit && !list.items.isEmpty()) {
        list = push(list, stack);
      }
      list.items.add(item(isDigit, version.substring(start)));
    }
    while (!stack.isEmpty()) {
      stack.pop().normalize();
    }
    return root;
  }

  private static ItemList push(ItemList parent, Deque<ItemList> stack) {
    ItemList child = new ItemList(new ArrayList<>());
    parent.items.add(child);
    stack.push(child);
    return child;
  }

  private static Item item(boolean isDigit, String text) {
    if (!isDigit) {
      return Qualifier.of(text, false);
    }
    // Maven strips ASCII zeros only, then sizes the item by what is left.
    int i = 0;
    while (i < text.length() && text.charAt(i) == '0') {
      i++;
    }
    String stripped = i == text.length() ? text : text.substring(i);
    int kind = stripped.length() <= MAX_INT_LENGTH ? 0 : stripped.length() <= MAX_LONG_LENGTH ? 1 : 2;
    StringBuilder ascii = new StringBuilder(stripped.length());
    for (int k = 0; k < stripped.length(); k++) {
      ascii.append((char) ('0' + Character.digit(stripped.charAt(k), 10)));
    }
    return new Numeral(kind, ascii.toString());
  }
}
