package dev.wanka.perf;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown with every problem of a configuration at once. */
public final class InvalidSetupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<SetupProblem> problems;

  public InvalidSetupException(List<SetupProblem> problems) {
    super(
        problems.stream()
            .map(p -> p.field() + ": " + p.message())
            .collect(Collectors.joining("\n")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public List<SetupProblem> problems() {
    return problems;
  }
}
