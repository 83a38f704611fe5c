package dev.wanka.sim.accounting;

import dev.wanka.catalog.Accelerator;
import dev.wanka.plan.DevicePrices;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.PoolSpec;
import dev.wanka.topology.Prices;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * A scenario's energy and cost settings resolved against its cluster, and what a run used:
 *
 * <pre>
 *   kWh = PUE × Σ_devices ∫ P(t) dt / 3.6e6,   P = idle + (TDP − idle) × busyUtilization  when busy
 *                                                  idle                                    otherwise
 *   idle = idleFraction × TDP
 * </pre>
 *
 * A busy device is one held by running work (a share counting as its fraction), including work that
 * hangs on a failed part until the failure is detected; every other device draws idle power,
 * including failed devices and the devices of failed nodes and leaves: a failed part stays racked
 * and powered until it is repaired (an assumption; a node powered off for its repair draws less).
 * Hosts' own power (a pool's nodeOverheadWatts) is not counted. Device cost is every device's hours
 * over the run times its type's device-hour price, busy or not: what the cluster costs for that
 * long.
 *
 * @param tdpWatts TDP by accelerator id that replaces the catalog's
 * @param perKWh electricity price in {@code prices}' currency, when known
 * @param prices device-hour prices by accelerator id (every type of the cluster, or none), and the
 *     currency of all money figures ("" when there is none)
 */
public record PowerModel(
    double pue,
    double idleFraction,
    double busyUtilization,
    Map<String, Double> tdpWatts,
    OptionalDouble perKWh,
    DevicePrices prices) {
  private static final double JOULES_PER_KWH = 3.6e6;

  public PowerModel {
    tdpWatts = Collections.unmodifiableMap(new TreeMap<>(tdpWatts));
  }

  /** PUE 1, the default idle fraction, busy at TDP, catalog TDPs, no prices. */
  public static PowerModel defaults() {
    return new PowerModel(
        1.0,
        EnergySettings.DEFAULT_IDLE_FRACTION,
        1.0,
        Map.of(),
        OptionalDouble.empty(),
        DevicePrices.none());
  }

  /**
   * Resolves a scenario's settings against its cluster: PUE defaults to the cluster spec's, else 1;
   * without {@code cost} the currency and electricity price are the cluster spec's {@code prices};
   * with it, the cluster's electricity price is used only when {@code cost.perKWh} is absent and
   * the currencies agree.
   *
   * @throws IllegalArgumentException naming the field when a type is not in the cluster, is given
   *     twice, or lacks a device-hour price while others have one
   */
  public static PowerModel of(EnergySettings energy, Optional<CostSettings> cost, Cluster cluster) {
    Map<String, Accelerator> types = new LinkedHashMap<>();
    for (PoolSpec pool : cluster.pools()) {
      types.putIfAbsent(pool.accelerator().id(), pool.accelerator());
    }
    Map<String, Double> tdp = byType(energy.tdpWatts(), "energy.tdpWatts", types, cluster);
    double pue = energy.pue().orElse(cluster.spec().pue().orElse(1.0));
    Optional<Prices> clusterPrices = cluster.spec().prices();
    if (cost.isEmpty()) {
      return new PowerModel(
          pue,
          energy.idleFraction(),
          energy.busyUtilization(),
          tdp,
          clusterPrices.map(Prices::powerPerKwh).orElse(OptionalDouble.empty()),
          new DevicePrices(clusterPrices.map(Prices::currency).orElse(""), Map.of()));
    }
    String currency = cost.get().currency();
    OptionalDouble perKWh =
        cost.get().perKWh().isPresent()
            ? cost.get().perKWh()
            : clusterPrices
                .filter(p -> p.currency().equals(currency))
                .map(Prices::powerPerKwh)
                .orElse(OptionalDouble.empty());
    Map<String, Double> perDevice =
        byType(cost.get().perDeviceHour(), "cost.perDeviceHour", types, cluster);
    List<String> unpriced = new ArrayList<>();
    for (String type : types.keySet()) {
      if (!perDevice.isEmpty() && !perDevice.containsKey(type)) {
        unpriced.add(type);
      }
    }
    if (!unpriced.isEmpty()) {
      throw new IllegalArgumentException(
          "cost.perDeviceHour: no price for "
              + String.join(", ", unpriced)
              + "; give one for every type of cluster "
              + cluster.name()
              + " ("
              + String.join(", ", types.keySet())
              + "), or none");
    }
    return new PowerModel(
        pue,
        energy.idleFraction(),
        energy.busyUtilization(),
        tdp,
        perKWh,
        new DevicePrices(currency, perDevice));
  }

  /** The values of a map keyed by type as written, keyed by the cluster's accelerator ids. */
  private static Map<String, Double> byType(
      Map<String, Double> given, String field, Map<String, Accelerator> types, Cluster cluster) {
    Map<String, Double> byId = new TreeMap<>();
    for (Map.Entry<String, Double> entry : given.entrySet()) {
      Optional<Accelerator> type =
          types.values().stream().filter(a -> names(a, entry.getKey())).findFirst();
      if (type.isEmpty()) {
        throw new IllegalArgumentException(
            field
                + "."
                + entry.getKey()
                + ": '"
                + entry.getKey()
                + "' is not a type of cluster "
                + cluster.name()
                + "; allowed: "
                + String.join(", ", types.keySet()));
      }
      if (byId.put(type.get().id(), entry.getValue()) != null) {
        throw new IllegalArgumentException(
            field
                + "."
                + entry.getKey()
                + ": "
                + type.get().id()
                + " is given twice (by its id and an alias); give it once");
      }
    }
    return byId;
  }

  private static boolean names(Accelerator type, String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    return type.id().equals(key)
        || type.aliases().stream().anyMatch(alias -> alias.equalsIgnoreCase(key));
  }

  public String currency() {
    return prices.currency();
  }

  /** A type's TDP: the scenario's, else the catalog's, else empty. */
  public OptionalDouble tdpWatts(Accelerator type) {
    Double given = tdpWatts.get(type.id());
    return given != null ? OptionalDouble.of(given) : type.tdpWatts().asOptional();
  }

  /** What a run used, from time 0 to {@code endSeconds}, given where its device-seconds went. */
  public EnergyUse use(DeviceTime devices, long endSeconds) {
    double hours = endSeconds / 3600.0;
    double joules = 0;
    double deviceCost = 0;
    boolean priced = !prices.isEmpty();
    List<String> unknown = new ArrayList<>();
    for (DeviceTime.Pool pool : devices.pools()) {
      OptionalDouble tdp = tdpWatts(pool.accelerator());
      if (tdp.isEmpty()) {
        unknown.add(unknownTdp(pool.accelerator()));
      } else {
        double idle = idleFraction * tdp.getAsDouble();
        joules +=
            pool.devices() * (double) endSeconds * idle
                + pool.busyDeviceSeconds() * (tdp.getAsDouble() - idle) * busyUtilization;
      }
      OptionalDouble price = prices.of(pool.accelerator());
      priced &= price.isPresent();
      deviceCost += pool.devices() * hours * price.orElse(0);
    }
    unknown = unknown.stream().distinct().toList();
    OptionalDouble kWh =
        unknown.isEmpty()
            ? OptionalDouble.of(pue * joules / JOULES_PER_KWH)
            : OptionalDouble.empty();
    return new EnergyUse(
        kWh,
        kWh.isPresent()
            ? OptionalDouble.of(hours == 0 ? 0 : kWh.getAsDouble() / hours)
            : OptionalDouble.empty(),
        kWh.isPresent() && perKWh.isPresent()
            ? OptionalDouble.of(kWh.getAsDouble() * perKWh.getAsDouble())
            : OptionalDouble.empty(),
        priced ? OptionalDouble.of(deviceCost) : OptionalDouble.empty(),
        currency(),
        unknown);
  }

  private static String unknownTdp(Accelerator type) {
    return "energy unknown: the TDP of "
        + type.id()
        + " is "
        + type.tdpWatts().describe("W")
        + "; give energy.tdpWatts."
        + type.id()
        + " in the scenario";
  }

  /** The settings in words, one line each, for a report: PUE, power per type, prices. */
  public List<String> describe(List<Accelerator> types) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "PUE %s; an idle device draws %s%% of its TDP, a busy one idle + %s%% of (TDP − idle);"
                + " failed devices, nodes and leaves draw idle power",
            number(pue),
            number(100 * idleFraction),
            number(100 * busyUtilization)));
    List<String> tdps = new ArrayList<>();
    for (Accelerator type : types) {
      OptionalDouble tdp = tdpWatts(type);
      tdps.add(
          type.id()
              + " "
              + (tdp.isPresent()
                  ? number(tdp.getAsDouble())
                      + " W ("
                      + (tdpWatts.containsKey(type.id()) ? "scenario" : "catalog")
                      + ")"
                  : type.tdpWatts().describe("W")));
    }
    lines.add("TDP: " + String.join(", ", tdps));
    lines.add(
        "electricity: "
            + (perKWh.isPresent()
                ? number(perKWh.getAsDouble()) + " " + currency() + "/kWh"
                : "no price"));
    List<String> devicePrices = new ArrayList<>();
    for (Accelerator type : types) {
      prices
          .of(type)
          .ifPresent(p -> devicePrices.add(type.id() + " " + number(p) + " " + currency()));
    }
    lines.add(
        "device-hour: " + (devicePrices.isEmpty() ? "no prices" : String.join(", ", devicePrices)));
    return lines;
  }

  private static String number(double value) {
    return dev.wanka.spec.Values.format(value);
  }
}
