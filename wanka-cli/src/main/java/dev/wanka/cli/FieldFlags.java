package dev.wanka.cli;

import dev.wanka.perf.InvalidSetupException;
import dev.wanka.perf.SetupProblem;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The estimators' field names ({@link SetupProblem#field()}) as the command-line flags that set
 * them, so that an estimator's problem reads {@code --global-batch: ...}; a field without a flag of
 * its own becomes {@code --kebab-case}.
 */
final class FieldFlags {
  private final Map<String, String> flags;

  FieldFlags(Map<String, String> flags) {
    this.flags = Map.copyOf(flags);
  }

  /** These flags with some fields mapped differently. */
  FieldFlags with(Map<String, String> overrides) {
    Map<String, String> merged = new HashMap<>(flags);
    merged.putAll(overrides);
    return new FieldFlags(merged);
  }

  String flag(String field) {
    String mapped = flags.get(field);
    if (mapped != null) {
      return mapped;
    }
    return "--" + field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** The estimator's problems as {@code --flag: message}. */
  List<String> messages(InvalidSetupException e) {
    return e.problems().stream().map(p -> flag(p.field()) + ": " + p.message()).toList();
  }
}
