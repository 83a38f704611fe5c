package dev.wanka.api;

/**
 * A request the server refused or could not serve, with its problem body; or a server that could
 * not be reached ({@link #status()} 0).
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Problem problem;

  public ApiException(Problem problem) {
    super(describe(problem));
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  public int status() {
    return problem.status();
  }

  private static String describe(Problem problem) {
    StringBuilder text = new StringBuilder(problem.title());
    if (!problem.detail().isEmpty()) {
      text.append(": ").append(problem.detail());
    }
    for (FieldProblem field : problem.errors()) {
      text.append("\n  ").append(field.field()).append(": ").append(field.message());
    }
    return text.toString();
  }
}
