package dev.wanka.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects problems while a document is read, so that one run reports every mistake rather than the
 * first. Readers return a harmless placeholder after reporting; {@link #throwIfAny()} stops before
 * anything is built from placeholders.
 */
public final class Problems {
  private final List<SpecProblem> problems = new ArrayList<>();

  public void add(SourceLocation at, String field, String message) {
    problems.add(new SpecProblem(at, field, message));
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  public int count() {
    return problems.size();
  }

  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new SpecException(problems);
    }
  }
}
