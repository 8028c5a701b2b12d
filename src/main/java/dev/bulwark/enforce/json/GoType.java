package dev.bulwark.enforce.json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Go types a request body is decoded into, as far as decoding tells them apart: what a JSON
 * value may go into, what {@code null} does to it, and whether an existing value is reused (structs,
 * pointers to them, maps and slice elements are; scalars are overwritten).
 */
public sealed interface GoType {
  String display();

  /** {@code string} and named string types. */
  record Str() implements GoType {
    @Override
    public String display() {
      return "string";
    }
  }

  record Bool() implements GoType {
    @Override
    public String display() {
      return "bool";
    }
  }

  /** A signed or unsigned integer of a given range ({@code int64}, {@code uint16}, …). */
  record Int(String name, long min, long max) implements GoType {
    @Override
    public String display() {
      return name;
    }
  }

  record Float() implements GoType {
    @Override
    public String display() {
      return "float64";
    }
  }

  /** {@code interface{}}: anything, replaced as a whole; numbers become float64. */
  record Any() implements GoType {
    @Override
    public String display() {
      return "interface {}";
    }
  }

  /**
   * Docker's {@code strslice.StrSlice}: its own UnmarshalJSON takes an array of strings or one
   * string, always into a fresh slice.
   */
  record StrSlice() implements GoType {
    @Override
    public String display() {
      return "strslice.StrSlice";
    }
  }

  record Ptr(GoType elem) implements GoType {
    @Override
    public String display() {
      return "*" + elem.display();
    }
  }

  record Slice(GoType elem) implements GoType {
    @Override
    public String display() {
      return "[]" + elem.display();
    }
  }

  /** {@code map[string]T}. */
  record MapOf(GoType elem) implements GoType {
    @Override
    public String display() {
      return "map[string]" + elem.display();
    }
  }

  /**
   * A struct field: its JSON name (the tag's name, else the Go field name), its type, and whether
   * it is embedded (anonymous, untagged), so that its own fields are promoted.
   */
  record Field(String name, GoType type, boolean embedded) {
    public static Field of(String name, GoType type) {
      return new Field(name, type, false);
    }

    public static Field embed(String name, GoType type) {
      return new Field(name, type, true);
    }
  }

  /**
   * A struct. Fields of embedded structs are promoted as Go's {@code typeFields} does: a shallower
   * field hides deeper ones of the same name, and two at the same depth hide each other.
   */
  final class Struct implements GoType {
    private final String name;
    private final List<Field> fields;
    private final List<Promoted> promoted;
    private final Map<String, Promoted> exact;

    public Struct(String name, List<Field> fields) {
      this.name = name;
      this.fields = List.copyOf(fields);
      for (Field field : this.fields) {
        if (field.embedded() && structOf(field.type()).isEmpty()) {
          throw new IllegalArgumentException("embedded field " + field.name() + " is not a struct");
        }
      }
      List<Promoted> all = new ArrayList<>();
      collect(this, List.of(), all);
      Map<String, List<Promoted>> byName = new HashMap<>();
      for (Promoted p : all) {
        byName.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
      }
      List<Promoted> kept = new ArrayList<>();
      Map<String, Promoted> exactNames = new HashMap<>();
      for (Promoted p : all) {
        List<Promoted> same = byName.get(p.name());
        int shallowest = same.stream().mapToInt(x -> x.path().size()).min().orElseThrow();
        long atShallowest = same.stream().filter(x -> x.path().size() == shallowest).count();
        if (p.path().size() == shallowest && atShallowest == 1) {
          kept.add(p);
          exactNames.put(p.name(), p);
        }
      }
      this.exact = Map.copyOf(exactNames);
      this.promoted = List.copyOf(kept);
    }

    public String name() {
      return name;
    }

    public List<Field> fields() {
      return fields;
    }

    public int indexOf(String fieldName) {
      for (int i = 0; i < fields.size(); i++) {
        if (fields.get(i).name().equals(fieldName)) {
          return i;
        }
      }
      throw new IllegalArgumentException(name + " has no field " + fieldName);
    }

    @Override
    public String display() {
      return name;
    }

    static Optional<Struct> structOf(GoType type) {
      if (type instanceof Struct s) {
        return Optional.of(s);
      }
      if (type instanceof Ptr(Struct s)) {
        return Optional.of(s);
      }
      return Optional.empty();
    }

    /**
     * The field a JSON key sets, as Go's decoder finds it: the field of exactly that name, else the
     * first (in declaration order) whose name equals the key under Unicode simple case folding.
     */
    public Optional<Promoted> lookup(String key) {
      Promoted hit = exact.get(key);
      if (hit != null) {
        return Optional.of(hit);
      }
      for (Promoted candidate : promoted) {
        if (GoFold.equalFold(candidate.name(), key)) {
          return Optional.of(candidate);
        }
      }
      return Optional.empty();
    }

    /** Every field a key can reach, in Go's order (by index sequence). */
    public List<Promoted> promoted() {
      return promoted;
    }

    private static void collect(Struct struct, List<Integer> prefix, List<Promoted> out) {
      for (int i = 0; i < struct.fields.size(); i++) {
        Field field = struct.fields.get(i);
        List<Integer> path = new ArrayList<>(prefix);
        path.add(i);
        if (field.embedded()) {
          collect(structOf(field.type()).orElseThrow(), path, out);
        } else {
          out.add(new Promoted(field.name(), List.copyOf(path), field.type()));
        }
      }
    }
  }

  /** A field reachable from a struct: the indexes through embedded structs, then its own. */
  record Promoted(String name, List<Integer> path, GoType type) {
    public Promoted {
      path = List.copyOf(path);
    }
  }

  static Str string() {
    return new Str();
  }

  static Bool bool() {
    return new Bool();
  }

  static Int int64() {
    return new Int("int64", Long.MIN_VALUE, Long.MAX_VALUE);
  }

  static Int intRange(String name, long min, long max) {
    return new Int(name, min, max);
  }

  static Any any() {
    return new Any();
  }
}
