package dev.wanka.sched.plugin;

import java.util.Optional;

/**
 * The <b>preempt</b> extension point: when a candidate cannot run, which running gangs to stop so
 * that it can. A plan's victims must free devices the candidate's topology can actually use.
 */
public interface Preempt {
  String name();

  /** The victims that would let the candidate run, or empty. */
  Optional<PreemptionPlan> plan(Candidate candidate, CycleView view);
}
