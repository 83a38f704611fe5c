package dev.wanka.workload;

import dev.wanka.spec.Values;

/** Constructor checks shared by the workload value types; messages name the field and the rule. */
final class Checks {
  private Checks() {}

  static String slug(String field, String value) {
    if (!Values.isSlug(value)) {
      throw new IllegalArgumentException(
          field + ": '" + value + "' is not allowed: " + Values.SLUG_RULE);
    }
    return value;
  }

  static long range(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + ": " + value + " is not allowed: must be from " + min + " to " + max);
    }
    return value;
  }

  static <T> T present(String field, T value) {
    if (value == null) {
      throw new IllegalArgumentException(field + ": is required (null given)");
    }
    return value;
  }
}
