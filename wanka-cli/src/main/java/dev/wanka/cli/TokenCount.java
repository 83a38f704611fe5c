package dev.wanka.cli;

import dev.wanka.spec.Values;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A number of tokens as people write it: {@code 2T}, {@code 300B}, {@code 1.5e12}, {@code 500M},
 * {@code 15000000000000}. Suffixes (any case): K = 1e3, M = 1e6, B or G = 1e9, T = 1e12, P = 1e15.
 */
final class TokenCount {
  /** More tokens than this is a typo: a thousand times the largest published training run. */
  static final double MAX = 1e18;

  private static final String RULE =
      "must be a positive number of tokens, e.g. 2T, 300B, 15e12 (suffixes K, M, B, T, P)";

  private static final String[] SUFFIXES = {"P", "T", "B", "M", "K"};
  private static final double[] SCALES = {1e15, 1e12, 1e9, 1e6, 1e3};

  private TokenCount() {}

  /** The count, or an exception whose message quotes the text and says what is allowed. */
  static double parse(String text) {
    String t = text.trim().replace("_", "").replace(",", "");
    double scale = 1;
    if (!t.isEmpty()) {
      char last = Character.toUpperCase(t.charAt(t.length() - 1));
      for (int i = 0; i < SUFFIXES.length; i++) {
        if (last == SUFFIXES[i].charAt(0) || (last == 'G' && SUFFIXES[i].equals("B"))) {
          scale = SCALES[i];
          t = t.substring(0, t.length() - 1).trim();
          break;
        }
      }
    }
    double value;
    try {
      // Double.parseDouble also takes "NaN", "Infinity" and hexadecimal: keep to plain decimals.
      if (!t.matches("[0-9]*\\.?[0-9]+([eE][+-]?[0-9]+)?|[0-9]+\\.")) {
        throw new NumberFormatException();
      }
      value = Double.parseDouble(t) * scale;
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + text + "' is not allowed: " + RULE);
    }
    if (!(value >= 1) || value > MAX) {
      throw new TypeConversionException(
          "'" + text + "' is not allowed: " + RULE + ", from 1 to 1e18");
    }
    return value;
  }

  /** The count with the largest suffix that keeps it at or above 1: 2T, 300B, 1.5T, 999. */
  static String describe(double tokens) {
    for (int i = 0; i < SUFFIXES.length; i++) {
      if (tokens >= SCALES[i]) {
        return Values.format(roundTo4(tokens / SCALES[i])) + SUFFIXES[i];
      }
    }
    return Values.format(Math.round(tokens));
  }

  private static double roundTo4(double value) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.4g", value));
  }

  /** For picocli: {@code --tokens 2T}. */
  static final class Converter implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      return parse(value);
    }
  }
}
