package dev.wanka.plan;

import dev.wanka.catalog.Accelerator;
import dev.wanka.perf.Calibration;
import dev.wanka.perf.Calibrations;
import dev.wanka.perf.DeviceAllocation;
import dev.wanka.perf.InvalidSetupException;
import dev.wanka.perf.ModelSpec;
import dev.wanka.perf.Parallelism;
import dev.wanka.perf.Recompute;
import dev.wanka.perf.TrainingEstimate;
import dev.wanka.perf.TrainingEstimator;
import dev.wanka.perf.TrainingPrecision;
import dev.wanka.perf.TrainingSetup;
import dev.wanka.plan.Rejection.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Searches accelerator types x device counts x parallel layouts for ways to train a model on a
 * token budget within a deadline. For each type and layout (TP within the node, PP, EP for a
 * mixture of experts, micro-batch, recomputation) it grows the data-parallel size in powers of two
 * until the run fits in memory and meets the deadline: the smallest such count is that layout's
 * cheapest. The best few layouts per type are kept; a type with none gets the reason (out of
 * memory, too slow, over budget, over the power cap, missing catalog data).
 */
public final class TrainingPlanner {
  static final int[] TENSOR_PARALLEL = {1, 2, 4, 8};
  static final int[] PIPELINE_PARALLEL = {1, 2, 4, 8, 16, 32};
  static final int[] MICRO_BATCHES = {1, 2};
  static final Recompute[] RECOMPUTE = {Recompute.SELECTIVE, Recompute.FULL};
  static final int OPTIONS_PER_TYPE = 3;
  static final int[] EXPERT_PARALLEL = {1, 2, 4, 8, 16, 32};

  private final Calibrations calibrations;
  private final DevicePrices prices;

  public TrainingPlanner(Calibrations calibrations, DevicePrices prices) {
    this.calibrations = calibrations;
    this.prices = prices;
  }

  public TrainingPlan plan(TrainingGoal goal, List<Accelerator> types) {
    List<TrainingOption> options = new ArrayList<>();
    List<Rejection> rejected = new ArrayList<>();
    int evaluated = 0;
    for (Accelerator type : types) {
      TypeSearch search = new TypeSearch(goal, type);
      search.run();
      evaluated += search.evaluated;
      if (search.options.isEmpty()) {
        rejected.add(search.rejection());
      } else {
        search.options.sort(ranking(!prices.isEmpty()));
        options.addAll(distinctLayouts(search.options, OPTIONS_PER_TYPE));
      }
    }
    options.sort(ranking(!prices.isEmpty()));
    return new TrainingPlan(goal, options, rejected, evaluated);
  }

  /** The first {@code limit} options with different device counts or TP x PP layouts. */
  private static List<TrainingOption> distinctLayouts(List<TrainingOption> ranked, int limit) {
    List<TrainingOption> kept = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (TrainingOption option : ranked) {
      Parallelism p = option.estimate().job().parallelism();
      if (kept.size() < limit && seen.add(option.devices() + "/" + p.tp() + "/" + p.pp())) {
        kept.add(option);
      }
    }
    return kept;
  }

  /** Expert-parallel sizes to try: 1 for a dense model, those dividing the experts for a MoE. */
  static int[] expertParallelSizes(ModelSpec model) {
    if (model.moe().isEmpty()) {
      return new int[] {1};
    }
    int experts = model.moe().get().experts();
    return Arrays.stream(EXPERT_PARALLEL).filter(ep -> experts % ep == 0).toArray();
  }

  /** Cheapest first when priced (unpriced last), then fewest device-hours, then fewest devices. */
  static Comparator<TrainingOption> ranking(boolean priced) {
    Comparator<TrainingOption> byDeviceHours =
        Comparator.comparingDouble(TrainingOption::deviceHours)
            .thenComparingInt(TrainingOption::devices);
    if (!priced) {
      return byDeviceHours;
    }
    return Comparator.<TrainingOption>comparingDouble(
            o -> o.cost().isPresent() ? o.cost().getAsDouble() : Double.POSITIVE_INFINITY)
        .thenComparing(byDeviceHours);
  }

  /** The search over one accelerator type, remembering why layouts failed. */
  private final class TypeSearch {
    private final TrainingGoal goal;
    private final Accelerator type;
    private final Calibration calibration;
    private final Map<Integer, DeviceAllocation> allocations = new HashMap<>();
    private final List<TrainingOption> options = new ArrayList<>();
    private int evaluated;
    private String missingData;

    /** Per tp (by log2): the smallest device count found to lack catalog data. */
    private final int[] missingDataFrom = {
      Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE
    };

    private TrainingEstimate smallestFootprint;
    private TrainingEstimate fastest;
    private TrainingOption cheapestOverBudget;
    private TrainingOption lowestPowerOverCap;

    TypeSearch(TrainingGoal goal, Accelerator type) {
      this.goal = goal;
      this.type = type;
      this.calibration = calibrations.forAccelerator(type);
    }

    void run() {
      ModelSpec model = goal.model();
      for (int tp : TENSOR_PARALLEL) {
        if (model.heads() % tp != 0 || tp > DeviceAllocation.standardNodeDevices(type)) {
          continue;
        }
        for (int pp : PIPELINE_PARALLEL) {
          if (pp > model.layers()) {
            continue;
          }
          for (int microBatch : MICRO_BATCHES) {
            for (Recompute recompute : RECOMPUTE) {
              for (int ep : expertParallelSizes(model)) {
                searchDataParallel(tp, pp, ep, microBatch, recompute);
              }
            }
          }
        }
      }
    }

    private void searchDataParallel(int tp, int pp, int ep, int microBatch, Recompute recompute) {
      for (int dp = ep; (long) tp * pp * dp <= goal.maxDevices(); dp *= 2) {
        if (goal.globalBatch() % (microBatch * dp) != 0) {
          break; // larger powers of two do not divide it either
        }
        if (tp * pp * dp >= missingDataFrom[Integer.numberOfTrailingZeros(tp)]) {
          return; // a smaller job at this tp already lacked catalog data; a larger one does too
        }
        TrainingEstimate estimate = estimate(tp, pp, ep, dp, microBatch, recompute);
        if (estimate == null) {
          return;
        }
        if (!estimate.memory().fits()) {
          continue; // ZeRO-1 shards optimizer states over dp: a larger dp may fit
        }
        double days = estimate.secondsFor(goal.tokens()) / 86_400;
        if (fastest == null || estimate.stepSeconds() < fastest.stepSeconds()) {
          fastest = estimate;
        }
        if (days <= goal.days()) {
          accept(estimate, days);
          return;
        }
      }
    }

    private TrainingEstimate estimate(
        int tp, int pp, int ep, int dp, int microBatch, Recompute recompute) {
      int devices = tp * pp * dp;
      TrainingSetup job =
          new TrainingSetup(
              goal.model(),
              goal.seq(),
              microBatch,
              goal.globalBatch(),
              new Parallelism(tp, pp, 1, 1, ep, dp),
              recompute,
              tp > 1,
              TrainingPrecision.BF16,
              1,
              true,
              true);
      try {
        DeviceAllocation allocation =
            allocations.computeIfAbsent(devices, n -> DeviceAllocation.standalone(type, n));
        TrainingEstimate estimate = TrainingEstimator.estimate(job, allocation, calibration);
        evaluated++;
        if (smallestFootprint == null
            || estimate.memory().totalBytes() < smallestFootprint.memory().totalBytes()) {
          smallestFootprint = estimate;
        }
        return estimate;
      } catch (InvalidSetupException e) {
        boolean hardware =
            e.problems().stream()
                .anyMatch(p -> p.field().equals("accelerator") || p.field().equals("precision"));
        if (hardware) {
          if (missingData == null) {
            missingData = e.problems().get(0).message();
          }
          int slot = Integer.numberOfTrailingZeros(tp);
          missingDataFrom[slot] = Math.min(missingDataFrom[slot], devices);
        }
        return null; // this layout cannot be estimated; the others still can
      }
    }

    private void accept(TrainingEstimate estimate, double days) {
      OptionalDouble megawatts =
          estimate.wattsPerDevice().isEmpty()
              ? OptionalDouble.empty()
              : OptionalDouble.of(
                  estimate.wattsPerDevice().getAsDouble() * estimate.devices() * goal.pue() / 1e6);
      OptionalDouble megawattHours =
          megawatts.isEmpty()
              ? OptionalDouble.empty()
              : OptionalDouble.of(megawatts.getAsDouble() * days * 24);
      OptionalDouble price = prices.of(type);
      OptionalDouble cost =
          price.isEmpty()
              ? OptionalDouble.empty()
              : OptionalDouble.of(price.getAsDouble() * estimate.devices() * days * 24);
      TrainingOption option = new TrainingOption(estimate, days, megawattHours, megawatts, cost);
      if (goal.maxCost().isPresent()
          && (cost.isEmpty() || cost.getAsDouble() > goal.maxCost().getAsDouble())) {
        if (cheapestOverBudget == null
            || cost.orElse(Double.POSITIVE_INFINITY)
                < cheapestOverBudget.cost().orElse(Double.POSITIVE_INFINITY)) {
          cheapestOverBudget = option;
        }
        return;
      }
      if (goal.powerCapMegawatts().isPresent()
          && (megawatts.isEmpty()
              || megawatts.getAsDouble() > goal.powerCapMegawatts().getAsDouble())) {
        if (lowestPowerOverCap == null
            || megawatts.orElse(Double.POSITIVE_INFINITY)
                < lowestPowerOverCap.megawatts().orElse(Double.POSITIVE_INFINITY)) {
          lowestPowerOverCap = option;
        }
        return;
      }
      options.add(option);
    }

    Rejection rejection() {
      String id = type.id();
      if (missingData != null && fastest == null && smallestFootprint == null) {
        return new Rejection(id, Reason.MISSING_DATA, missingData);
      }
      if (cheapestOverBudget != null) {
        if (cheapestOverBudget.cost().isEmpty()) {
          return new Rejection(
              id, Reason.NO_PRICE, "no price per device-hour given, so --max-cost cannot be met");
        }
        return new Rejection(
            id,
            Reason.OVER_BUDGET,
            String.format(
                Locale.ROOT,
                "the cheapest option that meets the deadline costs %,.0f %s (%,d devices, %.1f"
                    + " days) > %,.0f",
                cheapestOverBudget.cost().getAsDouble(),
                prices.currency(),
                cheapestOverBudget.devices(),
                cheapestOverBudget.days(),
                goal.maxCost().getAsDouble()));
      }
      if (lowestPowerOverCap != null) {
        return new Rejection(
            id,
            Reason.OVER_POWER_CAP,
            lowestPowerOverCap.megawatts().isEmpty()
                ? "the catalog has no TDP for it, so the power cap cannot be checked"
                : String.format(
                    Locale.ROOT,
                    "the lowest-power option that meets the deadline draws %.2f MW (%,d devices)"
                        + " > %.2f MW",
                    lowestPowerOverCap.megawatts().getAsDouble(),
                    lowestPowerOverCap.devices(),
                    goal.powerCapMegawatts().getAsDouble()));
      }
      if (fastest == null) {
        String footprint =
            smallestFootprint == null
                ? "no layout of the model fits the search"
                : String.format(
                    Locale.ROOT,
                    "the smallest footprint found needs %.1f GB per device > %.1f GB usable (%s)",
                    smallestFootprint.memory().totalBytes() / 1e9,
                    smallestFootprint.memory().capacityBytes() / 1e9,
                    layout(smallestFootprint));
        return new Rejection(id, Reason.OUT_OF_MEMORY, footprint);
      }
      double days = fastest.secondsFor(goal.tokens()) / 86_400;
      return new Rejection(
          id,
          Reason.TOO_SLOW,
          String.format(
              Locale.ROOT,
              "the fastest layout tried (up to %,d devices, data-parallel sizes dividing the global"
                  + " batch of %,d sequences) needs %.3g days > %.3g (%s)",
              goal.maxDevices(),
              goal.globalBatch(),
              days,
              goal.days(),
              layout(fastest)));
    }
  }

  /** "tp 8 pp 4 dp 32, micro-batch 1, selective recompute". */
  static String layout(TrainingEstimate estimate) {
    Parallelism p = estimate.job().parallelism();
    return String.format(
        Locale.ROOT,
        "tp %d pp %d%s dp %d, micro-batch %d, %s recompute",
        p.tp(),
        p.pp(),
        p.ep() > 1 ? " ep " + p.ep() : "",
        p.dp(),
        estimate.job().microBatch(),
        estimate.job().recompute().keyword());
  }
}
