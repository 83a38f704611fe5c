package dev.wanka.workload;

import java.util.regex.Pattern;

/** Constructor checks shared by the workload value types; messages name the field and the rule. */
final class Checks {
  static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]*");
  static final String SLUG_RULE =
      "must be a slug of lower-case letters, digits and '-', starting with a letter or digit";

  private Checks() {}

  static String slug(String field, String value) {
    if (value == null || !SLUG.matcher(value).matches()) {
      throw new IllegalArgumentException(field + ": '" + value + "' is not allowed: " + SLUG_RULE);
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
