package dev.wanka.plan;

import dev.wanka.perf.InferenceEstimate;
import java.util.OptionalDouble;

/**
 * One way to serve the goal's load: replicas of one configuration.
 *
 * @param deviceHoursPerMillionTokens device-hours the fleet spends per million output tokens at the
 *     goal's load (whole replicas, so rounding up counts)
 * @param costPerMillionTokens the same in money, when priced
 * @param kilowattHoursPerMillionTokens energy per million output tokens at TDP with PUE, if known
 * @param megawatts the fleet's power at TDP with PUE, if known
 */
public record InferenceOption(
    InferenceEstimate estimate,
    int replicas,
    double deviceHoursPerMillionTokens,
    OptionalDouble costPerMillionTokens,
    OptionalDouble kilowattHoursPerMillionTokens,
    OptionalDouble megawatts) {

  public int devices() {
    return replicas * estimate.job().tp();
  }
}
