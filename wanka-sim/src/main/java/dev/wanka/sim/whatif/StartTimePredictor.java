package dev.wanka.sim.whatif;

import java.util.function.LongSupplier;

/**
 * Answers "when will my job start?": forks a {@link ClusterSnapshot} into a fresh scheduler core
 * (the same one the live server runs) and runs it forward on a virtual clock until every gang
 * pending in the snapshot has started, or none left can ever start, or the horizon. The assumptions
 * (docs/simulate.md, "What-if"):
 *
 * <ul>
 *   <li>each job runs for its estimate; a job without one for {@code unestimatedRunSeconds} (the
 *       default, the horizon, makes it hold its devices past the prediction); an elastic job on
 *       fewer devices than its maximum proportionally longer; an inference service until stopped;
 *   <li>a running gang ends at its expected end (now, if that has passed); without one, {@code
 *       unestimatedRunSeconds} after its start;
 *   <li>nothing fails, nothing new is submitted, and the scheduler's random choices come from seed
 *       1;
 *   <li>a gang preempted in the run keeps the work up to its last checkpoint.
 * </ul>
 *
 * Reads no clock of its own: how long a prediction took is measured on the {@code nanoClock} the
 * caller passes (the live server passes {@code System::nanoTime}).
 */
public final class StartTimePredictor {
  /** A week: far enough ahead for a queue, near enough to answer within a second at scale. */
  public static final long DEFAULT_HORIZON_SECONDS = 7L * 24 * 3600;

  private final long horizonSeconds;
  private final long unestimatedRunSeconds;
  private final LongSupplier nanoClock;

  /**
   * @param horizonSeconds how far past the snapshot's time to look, at least 1
   * @param unestimatedRunSeconds how long a job without an estimate runs, at least 1
   */
  public StartTimePredictor(
      long horizonSeconds, long unestimatedRunSeconds, LongSupplier nanoClock) {
    if (horizonSeconds < 1) {
      throw new IllegalArgumentException(
          "horizonSeconds: " + horizonSeconds + " is not allowed: must be >= 1");
    }
    if (unestimatedRunSeconds < 1) {
      throw new IllegalArgumentException(
          "unestimatedRunSeconds: " + unestimatedRunSeconds + " is not allowed: must be >= 1");
    }
    this.horizonSeconds = horizonSeconds;
    this.unestimatedRunSeconds = unestimatedRunSeconds;
    this.nanoClock = nanoClock;
  }

  /** A week ahead; a job without an estimate holds its devices past it. */
  public static StartTimePredictor withDefaults(LongSupplier nanoClock) {
    return new StartTimePredictor(DEFAULT_HORIZON_SECONDS, DEFAULT_HORIZON_SECONDS, nanoClock);
  }

  /**
   * @throws IllegalArgumentException naming the snapshot's field when its work cannot be re-created
   *     as it is
   */
  public Prediction predict(ClusterSnapshot snapshot) {
    long began = nanoClock.getAsLong();
    long horizonEnd =
        snapshot.nowSeconds() > Long.MAX_VALUE - horizonSeconds
            ? Long.MAX_VALUE
            : snapshot.nowSeconds() + horizonSeconds;
    ForwardRun run = new ForwardRun(snapshot, unestimatedRunSeconds);
    var starts = run.run(horizonEnd);
    return new Prediction(
        snapshot.nowSeconds(), horizonEnd, starts, run.cycles(), nanoClock.getAsLong() - began);
  }
}
