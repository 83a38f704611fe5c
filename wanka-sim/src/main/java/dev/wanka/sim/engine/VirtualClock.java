package dev.wanka.sim.engine;

/**
 * The twin's time, in seconds since the start of a run: it moves only when the engine takes the
 * next event, and never backwards. Nothing in the twin reads the wall clock.
 */
public final class VirtualClock {
  private long now;

  public long now() {
    return now;
  }

  /**
   * Moves time forward to {@code time}.
   *
   * @throws IllegalArgumentException if {@code time} is before now
   */
  public void advanceTo(long time) {
    if (time < now) {
      throw new IllegalArgumentException(
          "time: " + time + " is before now (" + now + "); virtual time only moves forward");
    }
    now = time;
  }
}
