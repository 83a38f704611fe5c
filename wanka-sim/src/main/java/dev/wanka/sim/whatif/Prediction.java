package dev.wanka.sim.whatif;

import dev.wanka.sched.GangId;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The predicted start of every gang pending in a snapshot, by gang; the virtual time the forward
 * run looked up to ({@code nowSeconds} plus the horizon), how many scheduling cycles it ran, and
 * how long the prediction took on the caller's clock.
 */
public record Prediction(
    long nowSeconds,
    long horizonEndSeconds,
    SortedMap<GangId, PredictedStart> starts,
    int cycles,
    long tookNanos) {
  public Prediction {
    starts = Collections.unmodifiableSortedMap(new TreeMap<>(starts));
  }

  public PredictedStart of(GangId gang) {
    PredictedStart start = starts.get(gang);
    if (start == null) {
      throw new IllegalArgumentException("gang: " + gang + " was not pending in the snapshot");
    }
    return start;
  }
}
