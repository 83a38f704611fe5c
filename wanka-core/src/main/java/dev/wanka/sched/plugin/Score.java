package dev.wanka.sched.plugin;

import dev.wanka.sched.placement.Placement;

/**
 * The <b>score</b> extension point: ranks the placements found for a gang's candidates (one per
 * accepted type and size); the highest total wins, ties going to the user's order of preference.
 */
public interface Score {
  String name();

  /** A score from 0 (worst) to 1 (best). */
  double score(Candidate candidate, Placement placement, CycleView view);
}
