package dev.wanka.sim.scenario;

/**
 * What {@link ScenarioRunner} reports while a scenario runs: each run as it starts, the virtual
 * time and completed jobs within it every {@link #EVERY_CYCLES} scheduling cycles, and each run as
 * it ends. Only {@link #runEnded} must be implemented. Called on the runner's thread; a listener
 * that prints decides itself how often.
 */
@FunctionalInterface
public interface ScenarioProgress {
  /** Cycles between two {@link #inRun} reports: often enough for a display, cheap to call. */
  int EVERY_CYCLES = 64;

  /**
   * A run begins.
   *
   * @param run its index among the scenario's runs, from 0
   * @param runs how many runs the scenario has (queue orders x seeds)
   * @param jobs how many jobs the run simulates
   */
  default void runStarting(String policy, long seed, int run, int runs, int jobs) {}

  /** Within the run begun last: the virtual time and how many of its jobs have completed. */
  default void inRun(long nowSeconds, int completedJobs, int jobs) {}

  /** A run ended. */
  void runEnded(ScenarioResult.PolicyRun run);
}
