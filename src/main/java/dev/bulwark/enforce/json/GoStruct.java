package dev.bulwark.enforce.json;

/** A decoded Go struct: one slot per declared field (an embedded pointer struct: null until used). */
public final class GoStruct {
  private final GoType.Struct type;
  private final Object[] slots;

  GoStruct(GoType.Struct type) {
    this.type = type;
    this.slots = new Object[type.fields().size()];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = GoDecoder.zero(type.fields().get(i).type());
    }
  }

  public GoType.Struct type() {
    return type;
  }

  public Object get(int index) {
    return slots[index];
  }

  /** The value of a declared field by name; for an embedded struct, the struct (or null). */
  public Object get(String field) {
    return slots[type.indexOf(field)];
  }

  void set(int index, Object value) {
    slots[index] = value;
  }
}
