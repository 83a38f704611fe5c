package dev.wanka.sim.failure;

/**
 * How the operators recover from a failure. The jobs on a failed component hang, holding their
 * devices, until the failure is detected; then they are stopped and requeued, and when a job starts
 * again it spends the restart time (relaunch, reload of its checkpoint) before it makes progress.
 * Hot spares are nodes kept out of the scheduler: when a failure is detected on a node (or on a
 * device of it) that runs work, a healthy spare of its pool is brought in at once, the failed node
 * is drained, and once repaired it becomes a spare.
 *
 * @param detectionSeconds from a failure until it is detected
 * @param restartSeconds from a restart until the job makes progress again
 * @param spareNodesPerPool hot spares kept in each pool
 */
public record Recovery(long detectionSeconds, long restartSeconds, int spareNodesPerPool) {
  /**
   * Assumed defaults: a health check notices a failure in a minute; relaunching a job and loading
   * its checkpoint takes five.
   */
  public static final long DEFAULT_DETECTION_SECONDS = 60;

  public static final long DEFAULT_RESTART_SECONDS = 300;

  /** The defaults, no spares. */
  public static final Recovery DEFAULT =
      new Recovery(DEFAULT_DETECTION_SECONDS, DEFAULT_RESTART_SECONDS, 0);

  public Recovery {
    if (detectionSeconds < 0 || restartSeconds < 0 || spareNodesPerPool < 0) {
      throw new IllegalArgumentException(
          "failures: detectionSeconds, restartSeconds and spareNodes must be 0 or more");
    }
  }
}
