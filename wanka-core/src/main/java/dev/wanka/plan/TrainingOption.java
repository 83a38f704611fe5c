package dev.wanka.plan;

import dev.wanka.perf.TrainingEstimate;
import java.util.OptionalDouble;

/**
 * One way to meet a training goal: an accelerator type, a device count and a parallel layout.
 *
 * @param days time to train the goal's tokens
 * @param megawattHours energy at TDP with PUE, when the chip's TDP is known
 * @param megawatts power the devices draw at TDP with PUE, when known
 * @param cost devices x hours x price per device-hour, when priced
 */
public record TrainingOption(
    TrainingEstimate estimate,
    double days,
    OptionalDouble megawattHours,
    OptionalDouble megawatts,
    OptionalDouble cost) {

  public int devices() {
    return estimate.devices();
  }

  public double deviceHours() {
    return devices() * days * 24;
  }
}
