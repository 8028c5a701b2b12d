package dev.bulwark.enforce.json;

import java.util.Arrays;

/**
 * A decoded Go slice with its backing array: elements past the length stay there, as in Go, and
 * a later array decoded into the slice reuses them.
 */
final class GoSlice {
  private final Object[] backing;
  private int length;

  GoSlice(Object[] backing, int length) {
    this.backing = backing;
    this.length = length;
  }

  int length() {
    return length;
  }

  int capacity() {
    return backing.length;
  }

  void setLength(int length) {
    this.length = length;
  }

  Object slot(int index) {
    return backing[index];
  }

  void setSlot(int index, Object value) {
    backing[index] = value;
  }

  /** {@code reflect.MakeSlice(len, capacity)} then {@code reflect.Copy}: only the first length elements carry over. */
  GoSlice grown(int capacity) {
    Object[] fresh = new Object[capacity];
    System.arraycopy(backing, 0, fresh, 0, length);
    return new GoSlice(fresh, length);
  }

  @Override
  public String toString() {
    return Arrays.toString(Arrays.copyOf(backing, length));
  }
}
