package dev.bulwark.enforce.json;

import java.util.List;

/**
 * A JSON document as written: object members in order, duplicates kept, strings already unescaped
 * (invalid UTF-8 and lone surrogates replaced with U+FFFD, as Go does), numbers as their literal
 * text so that each target type parses them its own way.
 */
public sealed interface JsonValue {
  /** What Go's error messages call the value: {@code object}, {@code array}, {@code string}, … */
  String kind();

  record Obj(List<Member> members) implements JsonValue {
    public Obj {
      members = List.copyOf(members);
    }

    @Override
    public String kind() {
      return "object";
    }
  }

  record Member(String key, JsonValue value) {}

  record Arr(List<JsonValue> elements) implements JsonValue {
    public Arr {
      elements = List.copyOf(elements);
    }

    @Override
    public String kind() {
      return "array";
    }
  }

  record Str(String value) implements JsonValue {
    @Override
    public String kind() {
      return "string";
    }
  }

  /** @param literal the number as written; valid JSON number syntax */
  record Num(String literal) implements JsonValue {
    @Override
    public String kind() {
      return "number";
    }
  }

  record Bool(boolean value) implements JsonValue {
    @Override
    public String kind() {
      return "bool";
    }
  }

  record Null() implements JsonValue {
    @Override
    public String kind() {
      return "null";
    }
  }
}
