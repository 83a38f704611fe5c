package dev.wanka.plan;

import java.util.List;

/**
 * The feasible options, cheapest first (by cost when every option is priced, else by device-hours),
 * the best one per accelerator type, and why the other types were rejected.
 *
 * @param evaluated configurations the planner estimated
 */
public record TrainingPlan(
    TrainingGoal goal, List<TrainingOption> options, List<Rejection> rejected, int evaluated) {
  public TrainingPlan {
    options = List.copyOf(options);
    rejected = List.copyOf(rejected);
  }
}
