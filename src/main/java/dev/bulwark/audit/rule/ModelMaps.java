package dev.bulwark.audit.rule;

import dev.cel.common.values.NullValue;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model as CEL sees it: a record becomes a map from its component names to values, an
 * {@code Optional} its value or null, a list a list, an enum its name, integers {@code Long} and
 * floating-point numbers {@code Double}. One converter for every model type, so a field added to
 * the model is visible to rules at once.
 */
public final class ModelMaps {
  /** Model records nest a few levels; anything deeper is a cycle or a defect. */
  private static final int MAX_DEPTH = 16;

  private static final ClassValue<List<Accessor>> ACCESSORS = new ClassValue<>() {
    @Override
    protected List<Accessor> computeValue(Class<?> type) {
      List<Accessor> accessors = new ArrayList<>();
      for (RecordComponent component : type.getRecordComponents()) {
        accessors.add(new Accessor(component.getName(), component.getAccessor()));
      }
      return List.copyOf(accessors);
    }
  };

  private record Accessor(String name, Method method) {}

  private ModelMaps() {}

  /** The CEL value of a model record. */
  public static Map<String, Object> of(Record record) {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) convert(record, 0);
    return map;
  }

  /** The CEL value of any model value; {@code null} and empty become CEL null. */
  public static Object value(Object value) {
    return convert(value, 0);
  }

  private static Object convert(Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalStateException("model nesting deeper than " + MAX_DEPTH);
    }
    return switch (value) {
      case null -> NullValue.NULL_VALUE;
      case Optional<?> optional -> optional.isPresent() ? convert(optional.get(), depth + 1) : NullValue.NULL_VALUE;
      case String s -> s;
      case Boolean b -> b;
      case Long l -> l;
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case Double d -> d;
      case Float f -> f.doubleValue();
      case Enum<?> e -> e.name();
      case Record record -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Accessor accessor : ACCESSORS.get(record.getClass())) {
          map.put(accessor.name(), convert(read(accessor, record), depth + 1));
        }
        yield Collections.unmodifiableMap(map);
      }
      case List<?> list -> {
        List<Object> items = new ArrayList<>(list.size());
        for (Object item : list) {
          items.add(convert(item, depth + 1));
        }
        yield Collections.unmodifiableList(items);
      }
      case Map<?, ?> source -> {
        Map<String, Object> map = new LinkedHashMap<>();
        source.entrySet().stream()
            .sorted(Map.Entry.comparingByKey((a, b) -> String.valueOf(a).compareTo(String.valueOf(b))))
            .forEach(e -> map.put(String.valueOf(e.getKey()), convert(e.getValue(), depth + 1)));
        yield Collections.unmodifiableMap(map);
      }
      default -> value.toString();
    };
  }

  private static Object read(Accessor accessor, Record record) {
    try {
      return accessor.method().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + record.getClass().getSimpleName() + "." + accessor.name(), e);
    }
  }
}
