package dev.bulwark.enforce.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes a body into a Go type the way encoding/json (Go 1.19, dockerd 20.10's) does, so that the
 * guard sees what dockerd will act on:
 *
 * <ul>
 *   <li>keys match fields exactly, else case-insensitively ({@link GoFold}); unknown keys are ignored;
 *   <li>a repeated key is decoded again into the same field: scalars take the last value, while
 *       structs, pointed-to structs and maps are merged into, not replaced;
 *   <li>{@code null} sets pointers, slices, maps and interfaces to nil and leaves anything else as it
 *       was (so {@code "Privileged":true,"Privileged":null} is privileged);
 *   <li>arrays decode into a slice's existing elements up to its capacity, growing it by half
 *       (at least to 4) when full, so a repeated array merges into elements a shorter one left behind;
 *   <li>integers refuse fractions and exponents; a value of the wrong type is an error.
 * </ul>
 *
 * Every field or map key set more than once is reported: the docker CLI never repeats a key, and
 * which value wins can depend on dockerd's Go version, so callers deny such bodies.
 */
public final class GoDecoder {
  private final List<String> duplicates = new ArrayList<>();

  private GoDecoder() {}

  /** The decoded value and the paths of fields or map keys set more than once. */
  public record Result(Object value, List<String> duplicates) {
    public Result {
      duplicates = List.copyOf(duplicates);
    }
  }

  /** Decodes {@code json} into a fresh zero value of {@code type}. */
  public static Result decode(GoType type, JsonValue json) {
    GoDecoder decoder = new GoDecoder();
    Object value = decoder.value(type, zero(type), json, type.display());
    return new Result(value, decoder.duplicates);
  }

  /** Parses and decodes. */
  public static Result decode(GoType type, byte[] body) {
    return decode(type, GoJsonParser.parse(body));
  }

  /** Go's zero value: "" for strings, false, 0, an all-zero struct, nil for the rest. */
  static Object zero(GoType type) {
    return switch (type) {
      case GoType.Str s -> "";
      case GoType.Bool b -> Boolean.FALSE;
      case GoType.Int i -> 0L;
      case GoType.Float f -> 0.0d;
      case GoType.Struct s -> new GoStruct(s);
      case GoType.Any a -> null;
      case GoType.StrSlice s -> null;
      case GoType.Ptr p -> null;
      case GoType.Slice s -> null;
      case GoType.MapOf m -> null;
    };
  }

  private Object value(GoType type, Object current, JsonValue json, String path) {
    if (json instanceof JsonValue.Null) {
      return switch (type) {
        case GoType.Ptr p -> null;
        case GoType.Slice s -> null;
        case GoType.MapOf m -> null;
        case GoType.Any a -> null;
        case GoType.StrSlice s -> null;
        default -> current;
      };
    }
    return switch (type) {
      case GoType.Ptr p -> value(p.elem(), current != null ? current : zero(p.elem()), json, path);
      case GoType.Struct s -> struct(s, (GoStruct) current, json, path);
      case GoType.Slice s -> slice(s, (GoSlice) current, json, path);
      case GoType.MapOf m -> map(m, current, json, path);
      case GoType.StrSlice s -> strSlice(json, path);
      case GoType.Any a -> any(json, path);
      case GoType.Str s -> {
        if (json instanceof JsonValue.Str(String v)) {
          yield v;
        }
        throw mismatch(json, type, path);
      }
      case GoType.Bool b -> {
        if (json instanceof JsonValue.Bool(boolean v)) {
          yield v;
        }
        throw mismatch(json, type, path);
      }
      case GoType.Int i -> integer(i, json, path);
      case GoType.Float f -> {
        if (json instanceof JsonValue.Num(String literal)) {
          double d = Double.parseDouble(literal);
          if (Double.isInfinite(d)) {
            throw new GoJsonException("cannot unmarshal number " + literal + " into " + path + " of type float64");
          }
          yield d;
        }
        throw mismatch(json, type, path);
      }
    };
  }

  private GoStruct struct(GoType.Struct type, GoStruct target, JsonValue json, String path) {
    if (!(json instanceof JsonValue.Obj(List<JsonValue.Member> members))) {
      throw mismatch(json, type, path);
    }
    Set<GoType.Promoted> seen = new HashSet<>();
    for (JsonValue.Member member : members) {
      var field = type.lookup(member.key());
      if (field.isEmpty()) {
        continue;
      }
      GoType.Promoted promoted = field.orElseThrow();
      String fieldPath = path + "." + promoted.name();
      if (!seen.add(promoted)) {
        duplicates.add(fieldPath);
      }
      GoStruct holder = target;
      List<Integer> indexes = promoted.path();
      for (int k = 0; k < indexes.size() - 1; k++) {
        int index = indexes.get(k);
        GoType.Field embedded = holder.type().fields().get(index);
        Object inner = holder.get(index);
        if (inner == null) { // a nil embedded pointer is allocated even when the value is null
          inner = new GoStruct(GoType.Struct.structOf(embedded.type()).orElseThrow());
          holder.set(index, inner);
        }
        holder = (GoStruct) inner;
      }
      int last = indexes.getLast();
      holder.set(last, value(promoted.type(), holder.get(last), member.value(), fieldPath));
    }
    return target;
  }

  private GoSlice slice(GoType.Slice type, GoSlice current, JsonValue json, String path) {
    if (!(json instanceof JsonValue.Arr(List<JsonValue> elements))) {
      throw mismatch(json, type, path);
    }
    GoSlice slice = current != null ? current : new GoSlice(new Object[0], 0);
    int i = 0;
    for (JsonValue element : elements) {
      if (i >= slice.capacity()) {
        int newCapacity = Math.max(4, slice.capacity() + slice.capacity() / 2);
        slice = slice.grown(newCapacity);
      }
      if (i >= slice.length()) {
        slice.setLength(i + 1);
      }
      Object existing = slice.slot(i);
      slice.setSlot(i, value(type.elem(), existing != null ? existing : zero(type.elem()), element,
          path + "[" + i + "]"));
      i++;
    }
    if (i < slice.length()) {
      slice.setLength(i);
    }
    if (i == 0) {
      return new GoSlice(new Object[0], 0);
    }
    return slice;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> map(GoType.MapOf type, Object current, JsonValue json, String path) {
    if (!(json instanceof JsonValue.Obj(List<JsonValue.Member> members))) {
      throw mismatch(json, type, path);
    }
    Map<String, Object> map = current != null ? (Map<String, Object>) current : new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (JsonValue.Member member : members) {
      String entryPath = path + "[" + member.key() + "]";
      if (!seen.add(member.key())) {
        duplicates.add(entryPath);
      }
      map.put(member.key(), value(type.elem(), zero(type.elem()), member.value(), entryPath));
    }
    return map;
  }

  /** StrSlice's UnmarshalJSON: a fresh []string from an array, else one string. */
  private List<String> strSlice(JsonValue json, String path) {
    if (json instanceof JsonValue.Str(String one)) {
      return List.of(one);
    }
    if (json instanceof JsonValue.Arr(List<JsonValue> elements)) {
      List<String> out = new ArrayList<>();
      for (JsonValue element : elements) {
        switch (element) {
          case JsonValue.Str(String s) -> out.add(s);
          case JsonValue.Null n -> out.add("");
          default -> throw mismatch(element, new GoType.Str(), path + "[" + out.size() + "]");
        }
      }
      return List.copyOf(out);
    }
    throw mismatch(json, new GoType.StrSlice(), path);
  }

  private Object any(JsonValue json, String path) {
    return switch (json) {
      case JsonValue.Null n -> null;
      case JsonValue.Bool(boolean b) -> b;
      case JsonValue.Str(String s) -> s;
      case JsonValue.Num(String literal) -> {
        double d = Double.parseDouble(literal);
        if (Double.isInfinite(d)) {
          throw new GoJsonException("cannot unmarshal number " + literal + " into " + path + " of type float64");
        }
        yield d;
      }
      case JsonValue.Arr(List<JsonValue> elements) -> {
        List<Object> out = new ArrayList<>();
        for (JsonValue element : elements) {
          out.add(any(element, path));
        }
        yield out;
      }
      case JsonValue.Obj(List<JsonValue.Member> members) -> {
        Map<String, Object> out = new LinkedHashMap<>();
        for (JsonValue.Member member : members) {
          out.put(member.key(), any(member.value(), path));
        }
        yield out;
      }
    };
  }

  private static long integer(GoType.Int type, JsonValue json, String path) {
    if (!(json instanceof JsonValue.Num(String literal))) {
      throw mismatch(json, type, path);
    }
    long value;
    try {
      value = Long.parseLong(literal);
    } catch (NumberFormatException e) { // a fraction, an exponent, or out of int64
      throw new GoJsonException("cannot unmarshal number " + literal + " into " + path + " of type " + type.name());
    }
    if (value < type.min() || value > type.max()) {
      throw new GoJsonException("cannot unmarshal number " + literal + " into " + path + " of type " + type.name());
    }
    return value;
  }

  private static GoJsonException mismatch(JsonValue json, GoType type, String path) {
    return new GoJsonException("cannot unmarshal " + json.kind() + " into " + path + " of type " + type.display());
  }

  /**
   * The decoded value as a plain JSON tree with Go's field names, every field present (nil as
   * {@code null}), the way {@code json.Marshal} would write it back: what the rest of Bulwark reads.
   */
  public static JsonNode toJson(GoType type, Object value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (value == null) {
      return f.nullNode();
    }
    return switch (type) {
      case GoType.Ptr p -> toJson(p.elem(), value);
      case GoType.Str s -> f.textNode((String) value);
      case GoType.Bool b -> f.booleanNode((Boolean) value);
      case GoType.Int i -> f.numberNode((Long) value);
      case GoType.Float x -> f.numberNode(BigDecimal.valueOf((Double) value));
      case GoType.Any a -> anyToJson(value);
      case GoType.StrSlice s -> {
        ArrayNode array = f.arrayNode();
        ((List<?>) value).forEach(e -> array.add((String) e));
        yield array;
      }
      case GoType.Slice s -> {
        ArrayNode array = f.arrayNode();
        GoSlice slice = (GoSlice) value;
        for (int i = 0; i < slice.length(); i++) {
          Object element = slice.slot(i);
          array.add(toJson(s.elem(), element != null ? element : zero(s.elem())));
        }
        yield array;
      }
      case GoType.MapOf m -> {
        ObjectNode object = f.objectNode();
        ((Map<?, ?>) value).forEach((k, v) -> object.set((String) k, toJson(m.elem(), v)));
        yield object;
      }
      case GoType.Struct s -> {
        ObjectNode object = f.objectNode();
        GoStruct struct = (GoStruct) value;
        for (int i = 0; i < s.fields().size(); i++) {
          GoType.Field field = s.fields().get(i);
          JsonNode child = toJson(field.type(), struct.get(i));
          if (field.embedded()) {
            if (child instanceof ObjectNode inner) {
              inner.properties().forEach(e -> {
                if (!object.has(e.getKey())) {
                  object.set(e.getKey(), e.getValue());
                }
              });
            }
          } else {
            object.set(field.name(), child);
          }
        }
        yield object;
      }
    };
  }

  private static JsonNode anyToJson(Object value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (value) {
      case null -> f.nullNode();
      case Boolean b -> f.booleanNode(b);
      case String s -> f.textNode(s);
      // Go decodes every number of an interface{} as float64; a whole one reads back as an integer
      case Double d when d == Math.rint(d) && Math.abs(d) < 0x1p53 -> f.numberNode(d.longValue());
      case Double d -> f.numberNode(BigDecimal.valueOf(d));
      case List<?> list -> {
        ArrayNode array = f.arrayNode();
        list.forEach(e -> array.add(anyToJson(e)));
        yield array;
      }
      case Map<?, ?> map -> {
        ObjectNode object = f.objectNode();
        map.forEach((k, v) -> object.set((String) k, anyToJson(v)));
        yield object;
      }
      default -> throw new IllegalStateException("not a decoded interface value: " + value.getClass());
    };
  }
}
