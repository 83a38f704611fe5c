package dev.wanka.spec;

import dev.wanka.spec.YamlNode.YamlScalar;
import dev.wanka.spec.YamlNode.YamlScalar.Kind;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads one scalar node as a typed value. On bad input it reports a problem that quotes the value
 * and states what is allowed, and returns empty.
 */
public final class Values {
  private static final Pattern SLUG = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

  /** What {@link #isSlug} allows, for messages. */
  public static final String SLUG_RULE =
      "must be a slug of lower-case letters, digits and '-', starting and ending with a letter"
          + " or digit";

  private static final MathContext SIGNIFICANT = new MathContext(12);

  private Values() {}

  /** Whether {@code text} is a slug: the one rule for every identifier a user writes. */
  public static boolean isSlug(String text) {
    return text != null && SLUG.matcher(text).matches();
  }

  /** A stable identifier such as {@code h100-sxm}: lower-case letters, digits and '-'. */
  public static Optional<String> slug(YamlNode node, String path, Problems problems) {
    Optional<String> text = string(node, path, problems);
    if (text.isPresent() && !isSlug(text.get())) {
      problems.add(node.at(), path, "'" + text.get() + "' is not allowed: " + SLUG_RULE);
      return Optional.empty();
    }
    return text;
  }

  public static Optional<String> string(YamlNode node, String path, Problems problems) {
    if (node instanceof YamlScalar scalar
        && scalar.kind() != Kind.NULL
        && scalar.kind() != Kind.BOOLEAN
        && !scalar.text().isBlank()) {
      return Optional.of(scalar.text().trim());
    }
    problems.add(node.at(), path, describe(node) + " is not allowed: must be a non-empty text");
    return Optional.empty();
  }

  public static OptionalLong integer(
      YamlNode node, String path, long min, long max, Problems problems) {
    String allowed = "must be a whole number from " + min + " to " + max;
    if (!(node instanceof YamlScalar scalar) || scalar.kind() != Kind.INTEGER) {
      problems.add(node.at(), path, describe(node) + " is not allowed: " + allowed + hintFor(node));
      return OptionalLong.empty();
    }
    long value;
    try {
      value = Long.parseLong(scalar.text().trim());
    } catch (NumberFormatException e) {
      problems.add(node.at(), path, describe(node) + " is not allowed: " + allowed);
      return OptionalLong.empty();
    }
    if (value < min || value > max) {
      problems.add(node.at(), path, describe(node) + " is not allowed: " + allowed);
      return OptionalLong.empty();
    }
    return OptionalLong.of(value);
  }

  /** A finite number in [min, max]; {@code exclusiveMin} makes the lower bound open. */
  public static OptionalDouble number(
      YamlNode node, String path, double min, boolean exclusiveMin, double max, Problems problems) {
    String allowed =
        "must be a number "
            + (exclusiveMin ? "greater than " + format(min) : "from " + format(min))
            + (max == Double.MAX_VALUE
                ? (exclusiveMin ? "" : " or more")
                : (exclusiveMin ? " and at most " : " to ") + format(max));
    if (!(node instanceof YamlScalar scalar)
        || (scalar.kind() != Kind.INTEGER && scalar.kind() != Kind.DECIMAL)) {
      problems.add(node.at(), path, describe(node) + " is not allowed: " + allowed + hintFor(node));
      return OptionalDouble.empty();
    }
    double value;
    try {
      value = Double.parseDouble(scalar.text().trim());
    } catch (NumberFormatException e) {
      problems.add(node.at(), path, describe(node) + " is not allowed: " + allowed);
      return OptionalDouble.empty();
    }
    boolean belowMin = exclusiveMin ? value <= min : value < min;
    if (!Double.isFinite(value) || belowMin || value > max) {
      problems.add(node.at(), path, describe(node) + " is not allowed: " + allowed);
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(value);
  }

  public static <E extends Enum<E> & Keyword> Optional<E> keyword(
      YamlNode node, String path, Class<E> type, Problems problems) {
    List<String> allowed =
        Arrays.stream(type.getEnumConstants()).map(Keyword::keyword).collect(Collectors.toList());
    if (node instanceof YamlScalar scalar && scalar.kind() != Kind.NULL) {
      Optional<E> match = parseKeyword(scalar.text(), type);
      if (match.isPresent()) {
        return match;
      }
      problems.add(
          node.at(),
          path,
          describe(node)
              + " is not allowed: must be one of "
              + String.join(", ", allowed)
              + Suggestions.didYouMean(scalar.text(), allowed));
      return Optional.empty();
    }
    problems.add(
        node.at(),
        path,
        describe(node) + " is not allowed: must be one of " + String.join(", ", allowed));
    return Optional.empty();
  }

  /** Case-insensitive match of a keyword; also used by the command line. */
  public static <E extends Enum<E> & Keyword> Optional<E> parseKeyword(String text, Class<E> type) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(type.getEnumConstants())
        .filter(e -> e.keyword().equals(wanted))
        .findFirst();
  }

  /** How a node is quoted in a message: {@code '-4'}, {@code a map}, {@code empty}. */
  public static String describe(YamlNode node) {
    return node.describe();
  }

  /**
   * Numbers as people write them: 400 not 400.0, 0.25 not 2.5E-1, 120 not 120.00000000000001 (12
   * significant digits: far more than any input has, far fewer than binary noise).
   */
  public static String format(double value) {
    BigDecimal rounded = new BigDecimal(value).round(SIGNIFICANT).stripTrailingZeros();
    return rounded.scale() < 0 ? rounded.toBigInteger().toString() : rounded.toPlainString();
  }

  private static String hintFor(YamlNode node) {
    if (node instanceof YamlScalar scalar && scalar.kind() == Kind.STRING) {
      String text = scalar.text().trim().replace("_", "").replace(",", "");
      if (!text.isEmpty() && text.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
        return text.length() > 1 && text.charAt(0) == '0' && text.charAt(1) != '.'
            ? " (write the number without leading zeros)"
            : " (write the number without quotes, underscores or commas)";
      }
    }
    return "";
  }
}
