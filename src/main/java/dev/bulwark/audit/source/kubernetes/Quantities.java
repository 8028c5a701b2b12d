package dev.bulwark.audit.source.kubernetes;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Kubernetes resource quantities: a decimal number with a binary suffix ({@code Ki Mi Gi Ti Pi Ei}),
 * a decimal suffix ({@code n u m k M G T P E}) or an exponent ({@code 1e3}).
 */
final class Quantities {
  private Quantities() {}

  static BigDecimal parse(String text) {
    String value = text.strip();
    int end = 0;
    while (end < value.length() && ("+-.0123456789".indexOf(value.charAt(end)) >= 0)) {
      end++;
    }
    if (end == 0) {
      throw new IllegalArgumentException("expected a quantity like 512Mi or 500m, got \"" + text + "\"");
    }
    BigDecimal number;
    try {
      number = new BigDecimal(value.substring(0, end));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a quantity like 512Mi or 500m, got \"" + text + "\"");
    }
    String suffix = value.substring(end);
    if ((suffix.startsWith("e") || suffix.startsWith("E")) && suffix.length() > 1) {
      try {
        int exponent = Integer.parseInt(suffix.substring(1));
        if (Math.abs(exponent) > 30) {
          throw new NumberFormatException();
        }
        return number.scaleByPowerOfTen(exponent);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("malformed quantity \"" + text + "\"");
      }
    }
    return switch (suffix) {
      case "" -> number;
      case "Ki" -> number.multiply(BigDecimal.valueOf(1L << 10));
      case "Mi" -> number.multiply(BigDecimal.valueOf(1L << 20));
      case "Gi" -> number.multiply(BigDecimal.valueOf(1L << 30));
      case "Ti" -> number.multiply(BigDecimal.valueOf(1L << 40));
      case "Pi" -> number.multiply(BigDecimal.valueOf(1L << 50));
      case "Ei" -> number.multiply(BigDecimal.valueOf(1L << 60));
      case "n" -> number.scaleByPowerOfTen(-9);
      case "u" -> number.scaleByPowerOfTen(-6);
      case "m" -> number.scaleByPowerOfTen(-3);
      case "k" -> number.scaleByPowerOfTen(3);
      case "M" -> number.scaleByPowerOfTen(6);
      case "G" -> number.scaleByPowerOfTen(9);
      case "T" -> number.scaleByPowerOfTen(12);
      case "P" -> number.scaleByPowerOfTen(15);
      case "E" -> number.scaleByPowerOfTen(18);
      default -> throw new IllegalArgumentException("unknown quantity suffix in \"" + text + "\"");
    };
  }

  /** A memory quantity in bytes, rounded up as Kubernetes does. */
  static long bytes(String text) {
    BigDecimal value = parse(text).setScale(0, RoundingMode.CEILING);
    if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("quantity \"" + text + "\" is too large");
    }
    return value.longValueExact();
  }

  /** A CPU quantity in cores: {@code 500m} is 0.5. */
  static double cores(String text) {
    return parse(text).doubleValue();
  }
}
