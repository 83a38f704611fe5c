package dev.wanka.topology;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Figure;
import dev.wanka.catalog.Precision;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Cluster-wide figures: peak compute per precision, memory, network bisection, power and money.
 * Sums over pools; a pool whose catalog entry lacks a figure is named in the {@link Total}'s
 * missing list rather than counted as zero.
 */
public final class ClusterTotals {
  /** Hours in an average year (365.25 days), for yearly energy figures. */
  public static final double HOURS_PER_YEAR = 8766;

  private final Map<Precision, Total> peakPflops = new EnumMap<>(Precision.class);
  private final Total memoryTB;
  private final Total itPowerWatts;
  private final double injectionBytesPerSecond;
  private final double bisectionBytesPerSecond;
  private final Optional<Total> capex;
  private final ClusterSpec spec;

  ClusterTotals(Cluster cluster) {
    this.spec = cluster.spec();
    List<PoolSpec> pools = spec.pools();
    for (Precision precision : Precision.values()) {
      peakPflops.put(
          precision,
          sum(
              pools,
              p -> perDevice(p, p.accelerator().peak(precision), precision.keyword(), 1e-3)));
    }
    memoryTB = sum(pools, p -> perDevice(p, p.accelerator().memoryGB(), "memoryGB", 1e-3));
    itPowerWatts =
        sum(
            pools,
            p ->
                perDevice(p, p.accelerator().tdpWatts(), "tdpWatts", 1.0)
                    .plus(Total.of(p.nodes() * p.nodeOverheadWatts())));
    injectionBytesPerSecond =
        pools.stream().mapToDouble(p -> p.devices() * p.nicBytesPerSecondPerDevice()).sum();
    double crossing = 1.0;
    if (cluster.leafGroupCount() > 1) {
      crossing = cluster.oversubscriptionBelow(Tier.SPINE);
    }
    if (cluster.spineGroupCount() > 1) {
      crossing = cluster.oversubscriptionBelow(Tier.CORE);
    }
    bisectionBytesPerSecond = injectionBytesPerSecond / 2 / crossing;
    capex =
        spec.prices()
            .map(
                prices ->
                    sum(
                        pools,
                        p ->
                            p.capexPerNode().isPresent()
                                ? Total.of(p.nodes() * p.capexPerNode().getAsDouble())
                                : new Total(
                                    0,
                                    List.of("pool '" + p.name() + "': capexPerNode not given"))));
  }

  /** Dense peak of every device together, PFLOPS (peta-ops for INT8). */
  public Total peakPflops(Precision precision) {
    return peakPflops.get(precision);
  }

  /** Device memory of every device together, TB as the vendors state it. */
  public Total memoryTB() {
    return memoryTB;
  }

  /** Accelerators at TDP plus each node's declared overhead, watts. */
  public Total itPowerWatts() {
    return itPowerWatts;
  }

  /** Facility power: IT power times PUE, when the spec gives a PUE. */
  public Optional<Total> facilityPowerWatts() {
    return spec.pue().isPresent()
        ? Optional.of(itPowerWatts.times(spec.pue().getAsDouble()))
        : Optional.empty();
  }

  /** Every device's scale-out bandwidth together, bytes per second each way. */
  public double injectionBytesPerSecond() {
    return injectionBytesPerSecond;
  }

  /**
   * Bandwidth across a worst-case even cut, bytes per second each way: half the injection
   * bandwidth, divided by the oversubscription of every tier such a cut must cross.
   */
  public double bisectionBytesPerSecond() {
    return bisectionBytesPerSecond;
  }

  /** Purchase price of every node, in the spec's currency, when the spec has prices. */
  public Optional<Total> capex() {
    return capex;
  }

  /** Capex per 100 PFLOPS of dense BF16 peak, when priced and both figures are complete. */
  public Optional<Double> capexPer100PflopsBf16() {
    Total bf16 = peakPflops(Precision.BF16);
    return capex
        .filter(c -> c.complete() && bf16.complete() && bf16.known() > 0)
        .map(c -> c.known() / (bf16.known() / 100));
  }

  /** Yearly electricity bill at full load with PUE, when power price, PUE and power are known. */
  public Optional<Double> energyCostPerYear() {
    Optional<Total> facility = facilityPowerWatts();
    Optional<Double> price =
        spec.prices()
            .flatMap(
                p ->
                    p.powerPerKwh().isPresent()
                        ? Optional.of(p.powerPerKwh().getAsDouble())
                        : Optional.empty());
    if (facility.isEmpty() || price.isEmpty() || !facility.get().complete()) {
      return Optional.empty();
    }
    return Optional.of(facility.get().known() / 1000 * HOURS_PER_YEAR * price.get());
  }

  private static Total perDevice(PoolSpec pool, Figure perDevice, String field, double scale) {
    if (perDevice.isKnown()) {
      return Total.of(pool.devices() * perDevice.asOptional().getAsDouble() * scale);
    }
    Accelerator type = pool.accelerator();
    return new Total(
        0,
        List.of(
            "pool '"
                + pool.name()
                + "' ("
                + type.id()
                + "): "
                + field
                + " "
                + perDevice.describe("")));
  }

  private static Total sum(List<PoolSpec> pools, Function<PoolSpec, Total> part) {
    Total total = Total.of(0);
    for (PoolSpec pool : pools) {
      total = total.plus(part.apply(pool));
    }
    return total;
  }
}
