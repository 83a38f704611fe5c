package dev.wanka.sched.quota;

import java.util.List;

/** A queue tree that cannot be built; the message lists every problem, one a line. */
public final class QuotaConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public QuotaConfigException(List<String> problems) {
    super(
        "invalid queue tree ("
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "):\n  - "
            + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
