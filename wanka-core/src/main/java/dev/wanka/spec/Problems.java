package dev.wanka.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects problems while a document is read, so that one run reports every mistake rather than the
 * first. Readers return a harmless placeholder after reporting; {@link #throwIfAny()} stops before
 * anything is built from placeholders.
 */
public final class Problems {
  private static final Comparator<SpecProblem> FILE_ORDER =
      Comparator.comparing((SpecProblem problem) -> problem.at().source())
          .thenComparingInt(problem -> problem.at().line())
          .thenComparingInt(problem -> problem.at().column());

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

  /** Throws every problem so far, in file order (source, line, column). */
  public void throwIfAny() {
    if (!problems.isEmpty()) {
      List<SpecProblem> inFileOrder = new ArrayList<>(problems);
      inFileOrder.sort(FILE_ORDER);
      throw new SpecException(inFileOrder);
    }
  }
}
