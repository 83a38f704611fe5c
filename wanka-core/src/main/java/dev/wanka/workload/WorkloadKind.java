package dev.wanka.workload;

import dev.wanka.spec.Keyword;

/** The {@code kind:} of a submission, one per {@link Workload} variant. */
public enum WorkloadKind implements Keyword {
  TRAINING("training"),
  INFERENCE("inference"),
  TASK("task"),
  CPU("cpu");

  private final String keyword;

  WorkloadKind(String keyword) {
    this.keyword = keyword;
  }

  @Override
  public String keyword() {
    return keyword;
  }
}
