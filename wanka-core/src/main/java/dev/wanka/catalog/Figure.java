package dev.wanka.catalog;

import dev.wanka.spec.Values;
import java.util.OptionalDouble;

/**
 * A published figure, or an explicit statement of why there is none. The catalog never guesses: a
 * value nobody published is {@link Unknown}; a capability the hardware lacks (FP8 on Ampere) is
 * {@link Unsupported}. Both carry a reason a person can read.
 */
public sealed interface Figure {

  static Figure of(double value) {
    return new Known(value);
  }

  static Figure unknown(String reason) {
    return new Unknown(reason);
  }

  static Figure unsupported(String reason) {
    return new Unsupported(reason);
  }

  /** The value, or empty when unknown or unsupported. */
  default OptionalDouble asOptional() {
    return this instanceof Known known ? OptionalDouble.of(known.value()) : OptionalDouble.empty();
  }

  default boolean isKnown() {
    return this instanceof Known;
  }

  /** The same figure with its value multiplied, e.g. to change units; reasons pass through. */
  default Figure times(double factor) {
    return this instanceof Known known ? new Known(known.value() * factor) : this;
  }

  /** The value with a unit ("989 TFLOPS"), or "unknown (reason)" / "unsupported (reason)". */
  default String describe(String unit) {
    if (this instanceof Known known) {
      return Values.format(known.value()) + (unit.isEmpty() ? "" : " " + unit);
    }
    return (this instanceof Unknown ? "unknown (" : "unsupported (") + reason() + ")";
  }

  /** Why there is no value; empty for a known figure (the other variants' accessor overrides). */
  default String reason() {
    return "";
  }

  record Known(double value) implements Figure {
    public Known {
      if (!Double.isFinite(value) || value < 0) {
        throw new IllegalArgumentException("a figure must be finite and not negative: " + value);
      }
    }
  }

  record Unknown(String reason) implements Figure {}

  record Unsupported(String reason) implements Figure {}
}
