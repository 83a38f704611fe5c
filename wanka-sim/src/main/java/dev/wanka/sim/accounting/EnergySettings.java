package dev.wanka.sim.accounting;

import java.util.Collections;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * How a scenario says its devices draw power ({@code energy:} in a scenario file).
 *
 * @param pue power usage effectiveness; empty: the cluster spec's, else 1
 * @param idleFraction an idle device's power as a fraction of its TDP (the catalog has no idle
 *     figures)
 * @param busyUtilization how much of the span from idle power to TDP a busy device draws (1: at
 *     TDP)
 * @param tdpWatts TDP per accelerator type (catalog id or alias as written), replacing the
 *     catalog's or giving one it does not know
 */
public record EnergySettings(
    OptionalDouble pue, double idleFraction, double busyUtilization, Map<String, Double> tdpWatts) {
  /**
   * Idle power when the scenario gives none, as a fraction of TDP: an assumption, about what an
   * unloaded data-centre GPU shows in nvidia-smi (an H100 SXM roughly 70 to 100 W of its 700 W).
   */
  public static final double DEFAULT_IDLE_FRACTION = 0.15;

  /** No PUE (the cluster's), idle at {@link #DEFAULT_IDLE_FRACTION}, busy at TDP. */
  public static final EnergySettings DEFAULTS =
      new EnergySettings(OptionalDouble.empty(), DEFAULT_IDLE_FRACTION, 1.0, Map.of());

  public EnergySettings {
    tdpWatts = Collections.unmodifiableMap(new TreeMap<>(tdpWatts));
  }
}
