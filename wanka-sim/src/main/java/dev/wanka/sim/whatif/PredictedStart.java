package dev.wanka.sim.whatif;

import dev.wanka.sched.GangId;
import dev.wanka.sched.cycle.PendingReason;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * When a pending gang is predicted to start: a time, or, when it did not start within the
 * prediction's horizon, why it was still pending at the last cycle run (the scheduler's own reason;
 * {@link dev.wanka.sched.plugin.ReasonCode#NEVER_FITS} and {@link
 * dev.wanka.sched.plugin.ReasonCode#NO_ACCELERATOR} mean it never will, whatever the horizon).
 */
public record PredictedStart(
    GangId gang, OptionalLong startSeconds, Optional<PendingReason> notWithinHorizon) {
  public PredictedStart {
    if (startSeconds.isPresent() == notWithinHorizon.isPresent()) {
      throw new IllegalArgumentException(
          "gang " + gang + ": give a start time or the reason it has none, not both");
    }
  }

  public static PredictedStart at(GangId gang, long startSeconds) {
    return new PredictedStart(gang, OptionalLong.of(startSeconds), Optional.empty());
  }

  public static PredictedStart notWithinHorizon(GangId gang, PendingReason reason) {
    return new PredictedStart(gang, OptionalLong.empty(), Optional.of(reason));
  }

  public boolean starts() {
    return startSeconds.isPresent();
  }
}
