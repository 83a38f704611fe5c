package dev.wanka.sim.scenario;

import dev.wanka.sim.twin.RunTimeModel;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scenario's run-time model settings ({@link RunTimeModel}).
 *
 * @param tierSlowdown run time multiplier for every tier a placement spans beyond the narrowest
 *     that could hold it
 * @param speeds relative speeds of accelerator types for trace jobs, replacing the catalog's dense
 *     peaks; types not named keep theirs
 */
public record RunTimeSettings(double tierSlowdown, Map<String, Double> speeds) {
  public static final RunTimeSettings DEFAULT =
      new RunTimeSettings(RunTimeModel.DEFAULT_TIER_SLOWDOWN, Map.of());

  public RunTimeSettings {
    speeds = Map.copyOf(new TreeMap<>(speeds));
  }
}
