package dev.wanka.plan;

import dev.wanka.catalog.Accelerator;
import dev.wanka.perf.Calibration;
import dev.wanka.perf.Calibrations;
import dev.wanka.perf.DeviceAllocation;
import dev.wanka.perf.InferenceEstimate;
import dev.wanka.perf.InferenceEstimator;
import dev.wanka.perf.InferenceJob;
import dev.wanka.perf.InvalidSetupException;
import dev.wanka.perf.WeightFormat;
import dev.wanka.plan.Rejection.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Picks, per accelerator type and weight format, the tensor-parallel size and batch that meet the
 * latency targets at the lowest cost per million output tokens (device-hours when unpriced), and
 * the replicas the load needs. Replicas serve with continuous batching and chunked prefill (see
 * {@link InferenceEstimate}): time per output token is one step of the full batch, and time to
 * first token the steps until a batch slot frees.
 */
public final class InferencePlanner {
  static final int[] TENSOR_PARALLEL = {1, 2, 4, 8, 16};
  static final int MAX_BATCH = 1024;

  private final Calibrations calibrations;
  private final DevicePrices prices;

  public InferencePlanner(Calibrations calibrations, DevicePrices prices) {
    this.calibrations = calibrations;
    this.prices = prices;
  }

  public InferencePlan plan(InferenceGoal goal, List<Accelerator> types) {
    List<InferenceOption> options = new ArrayList<>();
    List<Rejection> rejected = new ArrayList<>();
    int evaluated = 0;
    for (Accelerator type : types) {
      Calibration calibration = calibrations.forAccelerator(type);
      List<InferenceOption> forType = new ArrayList<>();
      String missing = null;
      InferenceEstimate bestLatency = null;
      boolean anyFits = false;
      for (WeightFormat format : goal.formats()) {
        InferenceOption best = null;
        for (int tp : TENSOR_PARALLEL) {
          if (goal.model().heads() % tp != 0 || tp > domainDevices(type)) {
            continue;
          }
          for (int batch = 1; batch <= MAX_BATCH; batch *= 2) {
            InferenceEstimate estimate;
            try {
              estimate =
                  InferenceEstimator.estimate(
                      new InferenceJob(
                          goal.model(),
                          format,
                          goal.kvCacheBytesPerElement(),
                          tp,
                          batch,
                          goal.inputTokens(),
                          goal.outputTokens()),
                      DeviceAllocation.standalone(type, tp),
                      calibration);
            } catch (InvalidSetupException e) {
              if (missing == null) {
                missing = e.problems().get(0).message();
              }
              break;
            }
            evaluated++;
            if (!estimate.fitsInMemory()) {
              break; // a larger batch needs more cache still
            }
            anyFits = true;
            if (bestLatency == null || estimate.ttftSeconds() < bestLatency.ttftSeconds()) {
              bestLatency = estimate;
            }
            if (estimate.tpotSeconds() > goal.tpotSeconds()) {
              break; // a larger batch makes every step slower still
            }
            if (estimate.ttftSeconds() > goal.ttftSeconds()) {
              continue; // a larger batch frees a slot sooner: it may meet the target
            }
            InferenceOption option = option(goal, estimate);
            if (best == null || cheaper().compare(option, best) < 0) {
              best = option;
            }
          }
        }
        if (best != null) {
          forType.add(best);
        }
      }
      if (!forType.isEmpty()) {
        options.addAll(forType);
      } else {
        rejected.add(rejection(goal, type, missing, anyFits, bestLatency));
      }
    }
    options.sort(cheaper());
    return new InferencePlan(goal, options, rejected, evaluated);
  }

  private static int domainDevices(Accelerator type) {
    OptionalDouble domain = type.scaleUp().domainSize().asOptional();
    return domain.isPresent() ? (int) Math.min(16, domain.getAsDouble()) : 8;
  }

  private Comparator<InferenceOption> cheaper() {
    Comparator<InferenceOption> byDeviceHours =
        Comparator.comparingDouble(InferenceOption::deviceHoursPerMillionTokens)
            .thenComparingDouble(o -> o.estimate().tpotSeconds());
    if (prices.isEmpty()) {
      return byDeviceHours;
    }
    return Comparator.<InferenceOption>comparingDouble(
            o -> o.costPerMillionTokens().orElse(Double.POSITIVE_INFINITY))
        .thenComparing(byDeviceHours);
  }

  private InferenceOption option(InferenceGoal goal, InferenceEstimate estimate) {
    int replicas = (int) Math.ceil(goal.requestsPerSecond() / estimate.requestsPerSecond());
    int devices = replicas * estimate.job().tp();
    double millionsPerHour = goal.outputTokensPerSecond() * 3600 / 1e6;
    double deviceHours = devices / millionsPerHour;
    OptionalDouble price = prices.of(estimate.accelerator());
    OptionalDouble cost =
        price.isEmpty()
            ? OptionalDouble.empty()
            : OptionalDouble.of(price.getAsDouble() * deviceHours);
    OptionalDouble watts = estimate.wattsPerDevice();
    OptionalDouble megawatts =
        watts.isEmpty()
            ? OptionalDouble.empty()
            : OptionalDouble.of(watts.getAsDouble() * devices * goal.pue() / 1e6);
    OptionalDouble kwh =
        megawatts.isEmpty()
            ? OptionalDouble.empty()
            : OptionalDouble.of(megawatts.getAsDouble() * 1000 / millionsPerHour);
    return new InferenceOption(estimate, replicas, deviceHours, cost, kwh, megawatts);
  }

  private static Rejection rejection(
      InferenceGoal goal,
      Accelerator type,
      String missing,
      boolean anyFits,
      InferenceEstimate bestLatency) {
    if (missing != null && !anyFits) {
      return new Rejection(type.id(), Reason.MISSING_DATA, missing);
    }
    if (!anyFits) {
      return new Rejection(
          type.id(),
          Reason.OUT_OF_MEMORY,
          "the weights and one sequence's KV cache do not fit even at the largest tensor-parallel"
              + " size within a scale-up domain");
    }
    return new Rejection(
        type.id(),
        Reason.SLO_NOT_MET,
        String.format(
            Locale.ROOT,
            "the lowest-latency configuration (tp %d, batch %d, %s) gives TTFT %.0f ms and TPOT"
                + " %.1f ms against targets of %.0f ms and %.1f ms",
            bestLatency.job().tp(),
            bestLatency.job().batch(),
            bestLatency.job().weights().keyword(),
            bestLatency.ttftSeconds() * 1e3,
            bestLatency.tpotSeconds() * 1e3,
            goal.ttftSeconds() * 1e3,
            goal.tpotSeconds() * 1e3));
  }
}
