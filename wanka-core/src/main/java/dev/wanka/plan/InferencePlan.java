package dev.wanka.plan;

import java.util.List;

/** Serving options, cheapest per million tokens first, and why the other types were rejected. */
public record InferencePlan(
    InferenceGoal goal, List<InferenceOption> options, List<Rejection> rejected, int evaluated) {
  public InferencePlan {
    options = List.copyOf(options);
    rejected = List.copyOf(rejected);
  }
}
