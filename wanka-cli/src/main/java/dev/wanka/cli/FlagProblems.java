package dev.wanka.cli;

import dev.wanka.spec.Values;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The bad flags of one command line, collected so that a command reports them all at once: range
 * checks add a message and carry on; {@link #report} prints each message once as {@code error: ...}
 * on stderr and returns the bad-input exit code.
 */
final class FlagProblems {
  private final List<String> messages = new ArrayList<>();

  void add(String message) {
    messages.add(message);
  }

  void addAll(List<String> more) {
    messages.addAll(more);
  }

  /** A whole number from {@code min} to {@code max}. */
  void range(String flag, long value, long min, long max) {
    if (value < min || value > max) {
      add(
          String.format(
              Locale.ROOT,
              "%s: '%d' is not allowed: must be a whole number from %d to %d",
              flag,
              value,
              min,
              max));
    }
  }

  /** A number above 0 and at most {@code max}, when given; NaN and infinities are refused too. */
  void positive(String flag, Double value, double max) {
    if (value != null && !(value > 0 && value <= max)) {
      add(
          flag
              + ": '"
              + quote(value)
              + "' is not allowed: must be a number above 0 and at most "
              + Values.format(max));
    }
  }

  /** A power usage effectiveness from 1 to 3, when given. */
  void pue(Double pue) {
    if (pue != null && !(pue >= 1.0 && pue <= 3.0)) {
      add("--pue: '" + quote(pue) + "' is not allowed: must be a number from 1 to 3");
    }
  }

  boolean any() {
    return !messages.isEmpty();
  }

  /** Prints each problem once as {@code error: ...} on stderr; returns the bad-input exit code. */
  int report(CommandSpec spec) {
    PrintWriter err = spec.commandLine().getErr();
    new LinkedHashSet<>(messages).forEach(p -> err.println("error: " + p));
    return ExitCodes.BAD_INPUT;
  }

  /** A number as the user wrote it, near enough: 400, 0.25, NaN, Infinity. */
  private static String quote(double value) {
    return Double.isFinite(value) ? Values.format(value) : String.valueOf(value);
  }
}
