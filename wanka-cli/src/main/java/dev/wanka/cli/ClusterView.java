package dev.wanka.cli;

import dev.wanka.catalog.Precision;
import dev.wanka.spec.Values;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterTotals;
import dev.wanka.topology.FabricSpec;
import dev.wanka.topology.PoolSpec;
import dev.wanka.topology.Total;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code wanka cluster show}: the same facts as text for people and as JSON for scripts. */
final class ClusterView {
  private ClusterView() {}

  static Map<String, Object> json(Cluster cluster) {
    ClusterTotals totals = cluster.totals();
    Map<String, Object> json = new LinkedHashMap<>();
    Map<String, List<String>> incomplete = new LinkedHashMap<>();
    json.put("name", cluster.name());
    cluster.spec().description().ifPresent(d -> json.put("description", d));
    json.put("devices", cluster.deviceCount());
    json.put("nodes", cluster.nodeCount());
    json.put("domains", cluster.domainCount());
    json.put("tiers", cluster.tiers());
    json.put("layout", cluster.spec().fabric().layout().keyword());
    json.put("leafGroups", cluster.leafGroupCount());
    json.put("leafSwitches", cluster.leafSwitchCount());
    json.put("spineGroups", cluster.spineGroupCount());
    Map<String, Integer> byType = new LinkedHashMap<>();
    List<Map<String, Object>> pools = new ArrayList<>();
    for (PoolSpec pool : cluster.pools()) {
      byType.merge(pool.accelerator().id(), pool.devices(), Integer::sum);
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("name", pool.name());
      p.put("accelerator", pool.accelerator().id());
      p.put("nodes", pool.nodes());
      p.put("devicesPerNode", pool.devicesPerNode());
      p.put("devices", pool.devices());
      p.put("domainNodes", pool.domainNodes());
      p.put("domainDevices", pool.domainNodes() * pool.devicesPerNode());
      p.put("scaleUpLink", pool.accelerator().scaleUp().name());
      p.put("nicsPerNode", pool.nicsPerNode());
      p.put("nicGbps", pool.nicGbps());
      p.put("nodesPerLeaf", pool.nodesPerLeaf());
      pool.capexPerNode().ifPresent(c -> p.put("capexPerNode", c));
      pools.add(p);
    }
    json.put("devicesByType", byType);
    json.put("pools", pools);
    Map<String, Object> peaks = new LinkedHashMap<>();
    for (Precision precision : Precision.values()) {
      Total peak = totals.peakPflops(precision);
      peaks.put(precision.keyword(), figure(peak, 1));
      note(incomplete, "peakPflops." + precision.keyword(), peak);
    }
    json.put("peakPflopsBf16", peaks.get("bf16"));
    json.put("peakPflopsFp8", peaks.get("fp8"));
    json.put("peakPflops", peaks);
    json.put("memoryTB", figure(totals.memoryTB(), 1));
    note(incomplete, "memoryTB", totals.memoryTB());
    json.put("injectionTBps", Json.round(totals.injectionBytesPerSecond() / 1e12));
    json.put("bisectionTBps", Json.round(totals.bisectionBytesPerSecond() / 1e12));
    json.put("powerMWAtTdp", figure(totals.itPowerWatts(), 1e-6));
    note(incomplete, "powerMWAtTdp", totals.itPowerWatts());
    cluster.spec().pue().ifPresent(pue -> json.put("pue", pue));
    totals.facilityPowerWatts().ifPresent(p -> json.put("powerMWWithPue", figure(p, 1e-6)));
    cluster.spec().prices().ifPresent(p -> json.put("currency", p.currency()));
    totals
        .capex()
        .ifPresent(
            capex -> {
              json.put("capex", figure(capex, 1));
              note(incomplete, "capex", capex);
            });
    totals.capexPer100PflopsBf16().ifPresent(c -> json.put("capexPer100PflopsBf16", Json.round(c)));
    totals.energyCostPerYear().ifPresent(c -> json.put("energyCostPerYear", Json.round(c)));
    json.put("incomplete", incomplete);
    return json;
  }

  /** The known sum, scaled; null when no part is known (the reasons are under "incomplete"). */
  private static Double figure(Total total, double scale) {
    return total.unknown() ? null : Json.round(total.known() * scale);
  }

  private static void note(Map<String, List<String>> incomplete, String key, Total total) {
    if (!total.complete()) {
      incomplete.put(key, total.missing());
    }
  }

  static void print(PrintWriter out, Cluster cluster) {
    ClusterTotals totals = cluster.totals();
    Set<String> notCounted = new LinkedHashSet<>();
    out.printf(
        Locale.ROOT,
        "Cluster %s: %,d devices on %,d nodes%n",
        cluster.name(),
        cluster.deviceCount(),
        cluster.nodeCount());
    cluster.spec().description().ifPresent(d -> out.println("  " + d));
    out.println();
    poolTable(cluster).print(out, "  ");
    out.println();
    FabricSpec fabric = cluster.spec().fabric();
    field(
        out,
        "fabric",
        String.format(
            Locale.ROOT,
            "%d-tier %s; %,d leaf groups (%,d leaf switches), %,d spine group%s;"
                + " oversubscription leaf %s:1%s",
            fabric.tiers(),
            fabric.layout().keyword(),
            cluster.leafGroupCount(),
            cluster.leafSwitchCount(),
            cluster.spineGroupCount(),
            cluster.spineGroupCount() == 1 ? "" : "s",
            Values.format(fabric.leafOversubscription()),
            fabric.tiers() == 3
                ? ", spine " + Values.format(fabric.spineOversubscription()) + ":1"
                : ""));
    field(
        out, "domains", String.format(Locale.ROOT, "%,d scale-up domains", cluster.domainCount()));
    for (Precision precision : Precision.values()) {
      String unit = precision == Precision.INT8 ? "POPS" : "PFLOPS";
      Total peak = totals.peakPflops(precision);
      field(out, precision.keyword() + " peak", peak.describe(unit + " dense", 1));
      notCounted.addAll(peak.missing());
    }
    field(out, "memory", totals.memoryTB().describe("TB", 1));
    notCounted.addAll(totals.memoryTB().missing());
    field(
        out,
        "network",
        String.format(
            Locale.ROOT,
            "injection %,.1f TB/s; bisection %,.1f TB/s (each way)",
            totals.injectionBytesPerSecond() / 1e12,
            totals.bisectionBytesPerSecond() / 1e12));
    field(out, "power", power(cluster, totals));
    notCounted.addAll(totals.itPowerWatts().missing());
    cluster
        .spec()
        .prices()
        .ifPresentOrElse(
            prices -> money(out, prices.currency(), totals, notCounted),
            () -> field(out, "capex", "not priced (add prices and capexPerNode to the spec)"));
    if (!notCounted.isEmpty()) {
      out.println();
      out.println("  Not counted above (no figure in the catalog; add one with --catalog FILE):");
      notCounted.forEach(reason -> out.println("    " + reason));
    }
  }

  private static TextTable poolTable(Cluster cluster) {
    TextTable pools =
        new TextTable(
            "POOL", "ACCELERATOR", "NODES>", "PER NODE>", "DEVICES>", "SCALE-UP DOMAIN", "NICS");
    for (PoolSpec pool : cluster.pools()) {
      int domainDevices = pool.domainNodes() * pool.devicesPerNode();
      pools.row(
          pool.name(),
          pool.accelerator().id(),
          String.format(Locale.ROOT, "%,d", pool.nodes()),
          pool.devicesPerNode(),
          String.format(Locale.ROOT, "%,d", pool.devices()),
          domainDevices
              + " ("
              + pool.accelerator().scaleUp().name()
              + (pool.domainNodes() > 1 ? ", " + pool.domainNodes() + " nodes" : "")
              + ")",
          pool.nicsPerNode() + " x " + Values.format(pool.nicGbps()) + "G");
    }
    return pools;
  }

  private static String power(Cluster cluster, ClusterTotals totals) {
    String power = totals.itPowerWatts().times(1e-6).describe("MW", 2) + " at TDP";
    Optional<Total> facility = totals.facilityPowerWatts();
    if (facility.isEmpty()) {
      return power + " (no pue in the spec)";
    }
    return power
        + "; "
        + facility.get().times(1e-6).describe("MW", 2)
        + " with PUE "
        + Values.format(cluster.spec().pue().getAsDouble());
  }

  private static void money(
      PrintWriter out, String currency, ClusterTotals totals, Set<String> notCounted) {
    Total capex = totals.capex().orElseThrow();
    field(out, "capex", currency + " " + capex.describe("", 0));
    notCounted.addAll(capex.missing());
    totals
        .capexPer100PflopsBf16()
        .ifPresent(
            c ->
                field(
                    out,
                    "capex/100 PF",
                    String.format(
                        Locale.ROOT, "%s %,.0f per 100 PFLOPS of dense BF16", currency, c)));
    totals
        .energyCostPerYear()
        .ifPresent(
            c ->
                field(
                    out,
                    "energy",
                    String.format(Locale.ROOT, "%s %,.0f per year at TDP with PUE", currency, c)));
  }

  private static void field(PrintWriter out, String label, String value) {
    out.printf("  %-13s %s%n", label, value);
  }
}
