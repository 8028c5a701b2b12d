package dev.bulwark.cli;

import dev.bulwark.UsageException;
import java.util.Locale;

/** Byte sizes as people write them: 1024, 500K, 300M, 2G. */
final class Sizes {
  private Sizes() {}

  static long parse(String text, String option) {
    String value = text.trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (value.endsWith("B")) {
      value = value.substring(0, value.length() - 1);
    }
    if (!value.isEmpty()) {
      switch (value.charAt(value.length() - 1)) {
        case 'K' -> unit = 1L << 10;
        case 'M' -> unit = 1L << 20;
        case 'G' -> unit = 1L << 30;
        case 'T' -> unit = 1L << 40;
        default -> unit = 1;
      }
      if (unit > 1) {
        value = value.substring(0, value.length() - 1);
      }
    }
    try {
      long number = Long.parseLong(value);
      if (number < 0 || number > Long.MAX_VALUE / unit) {
        throw new NumberFormatException();
      }
      return number * unit;
    } catch (NumberFormatException e) {
      throw new UsageException(option + ": '" + text + "' is not a size like 500M or 2G");
    }
  }
}
