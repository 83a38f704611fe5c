package dev.wanka.cli;

import dev.wanka.catalog.Accelerator;
import dev.wanka.sim.accounting.EnergyUse;
import dev.wanka.sim.accounting.PowerModel;
import dev.wanka.sim.failure.FailureScope;
import dev.wanka.sim.report.Verdict;
import dev.wanka.sim.scenario.ScenarioResult;
import dev.wanka.sim.twin.RunSummary;
import dev.wanka.sim.twin.TimelineSample;
import dev.wanka.sim.twin.TwinResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A twin scenario's outcome as text for people, as a JSON document for scripts (--json) and as
 * results.json (the document plus each run's timeline and completion-time quantiles).
 */
final class TwinView {
  private TwinView() {}

  /** The --json document plus, per run, its timeline and completion times. */
  static Map<String, Object> results(ScenarioResult result) {
    Map<String, Object> doc = document(result);
    List<Map<String, Object>> runs = new ArrayList<>();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> summaries = (List<Map<String, Object>>) doc.get("runs");
    for (int i = 0; i < result.runs().size(); i++) {
      TwinResult twin = result.runs().get(i).result();
      Map<String, Object> row = new LinkedHashMap<>(summaries.get(i));
      List<List<Number>> timeline = new ArrayList<>();
      for (TimelineSample sample : evenly(twin.timeline(), MAX_TIMELINE_POINTS)) {
        timeline.add(
            List.of(
                sample.seconds(),
                Json.round(sample.busyDevices()),
                sample.pendingGangs(),
                sample.runningGangs(),
                sample.upDevices(),
                sample.freeDevices(),
                Json.round(sample.fragmentedDevices())));
      }
      row.put(
          "timelineColumns",
          List.of(
              "seconds",
              "busyDevices",
              "pendingGangs",
              "runningGangs",
              "upDevices",
              "freeDevices",
              "fragmentedDevices"));
      row.put("timeline", timeline);
      List<Long> completion = Arrays.stream(twin.sortedCompletionSeconds()).boxed().toList();
      row.put("jctSecondsQuantiles", evenly(completion, MAX_QUANTILES));
      runs.add(row);
    }
    doc.put("runs", runs);
    return doc;
  }

  private static final int MAX_TIMELINE_POINTS = 2000;

  private static final int MAX_QUANTILES = 1000;

  /** At most {@code max} items, evenly spaced, always with the first and the last. */
  static <T> List<T> evenly(List<T> items, int max) {
    if (items.size() <= max) {
      return items;
    }
    List<T> picked = new ArrayList<>(max);
    for (int i = 0; i < max; i++) {
      picked.add(items.get((int) Math.round((double) i * (items.size() - 1) / (max - 1))));
    }
    return picked;
  }

  /**
   * The --json document: the scenario's job counts, the energy and cost settings, notes on missing
   * figures, the verdict and every run's summary.
   */
  static Map<String, Object> document(ScenarioResult result) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("scenario", result.scenario());
    doc.put("jobs", result.jobs());
    doc.put("cpuOnlyJobs", result.cpuOnlyJobs());
    doc.put("neverRanJobs", result.neverRanJobs());
    doc.put("outsideWindowJobs", result.outsideWindowJobs());
    doc.put("power", power(result));
    doc.put("notes", notes(result));
    doc.put("verdict", Verdict.of(result));
    List<Map<String, Object>> runs = new ArrayList<>();
    for (ScenarioResult.PolicyRun run : result.runs()) {
      RunSummary s = run.summary();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("policy", run.policy());
      row.put("seed", run.seed());
      row.put("completed", s.completed());
      row.put("meanJctSeconds", s.meanCompletionSeconds());
      row.put("p50JctSeconds", s.p50CompletionSeconds());
      row.put("p99JctSeconds", s.p99CompletionSeconds());
      row.put("meanWaitSeconds", s.meanWaitSeconds());
      row.put("p99WaitSeconds", s.p99WaitSeconds());
      row.put("makespanSeconds", s.makespanSeconds());
      row.put("utilization", s.utilization());
      row.put("preemptions", s.preemptions());
      row.put("failures", s.failures());
      row.put("failuresByScope", failuresByScope(run.result()));
      row.put("interruptions", s.interruptions());
      row.put("ettr", s.ettr());
      row.put("allocationRatio", s.allocationRatio());
      row.put("fragmentation", s.fragmentation());
      row.put("lostDeviceHours", s.lostDeviceHours());
      row.put("goodput", s.goodput());
      EnergyUse energy = s.energy();
      row.put("energyKWh", orNull(energy.kWh()));
      row.put("averagePowerKW", orNull(energy.averageKW()));
      row.put("energyCost", orNull(energy.energyCost()));
      row.put("deviceCost", orNull(energy.deviceCost()));
      runs.add(row);
    }
    doc.put("runs", runs);
    return doc;
  }

  /** How many failures took out a device, a node, a leaf: {"device": n, "node": n, "leaf": n}. */
  private static Map<String, Long> failuresByScope(TwinResult result) {
    Map<String, Long> byScope = new LinkedHashMap<>();
    for (FailureScope scope : FailureScope.values()) {
      byScope.put(scope.name().toLowerCase(Locale.ROOT), result.failuresOf(scope));
    }
    return byScope;
  }

  private static Double orNull(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : null;
  }

  /** The energy and cost settings the runs used, resolved per accelerator type. */
  private static Map<String, Object> power(ScenarioResult result) {
    PowerModel power = result.power();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("pue", power.pue());
    doc.put("idleFraction", power.idleFraction());
    doc.put("busyUtilization", power.busyUtilization());
    Map<String, Object> tdp = new LinkedHashMap<>();
    Map<String, Object> perDeviceHour = new LinkedHashMap<>();
    for (Accelerator type : result.acceleratorTypes()) {
      tdp.put(type.id(), orNull(power.tdpWatts(type)));
      power.prices().of(type).ifPresent(price -> perDeviceHour.put(type.id(), price));
    }
    doc.put("tdpWatts", tdp);
    doc.put("currency", power.currency().isEmpty() ? null : power.currency());
    doc.put("perKWh", orNull(power.perKWh()));
    doc.put("perDeviceHour", perDeviceHour);
    return doc;
  }

  /** Why a figure is missing, once each. */
  private static List<String> notes(ScenarioResult result) {
    return result.runs().stream()
        .flatMap(run -> run.summary().energy().unknown().stream())
        .distinct()
        .toList();
  }

  /** The runs as two tables (times, then capacity, energy and cost), the notes and the verdict. */
  static void print(PrintWriter out, ScenarioResult result) {
    out.printf(
        "Scenario %s: %,d jobs simulated%s%n%n",
        result.scenario(),
        result.jobs(),
        result.notSimulated().isEmpty() ? "" : " (not simulated: " + result.notSimulated() + ")");
    TextTable table =
        new TextTable(
            "POLICY",
            "SEED>",
            "DONE>",
            "JCT MEAN s>",
            "JCT P50 s>",
            "JCT P99 s>",
            "WAIT MEAN s>",
            "MAKESPAN s>",
            "UTIL>",
            "PREEMPT>",
            "FAIL>",
            "ETTR>");
    for (ScenarioResult.PolicyRun run : result.runs()) {
      RunSummary s = run.summary();
      table.row(
          run.policy(),
          run.seed(),
          s.completed() + "/" + s.jobs(),
          String.format("%,.0f", s.meanCompletionSeconds()),
          String.format("%,d", s.p50CompletionSeconds()),
          String.format("%,d", s.p99CompletionSeconds()),
          String.format("%,.0f", s.meanWaitSeconds()),
          String.format("%,d", s.makespanSeconds()),
          String.format("%.1f%%", 100 * s.utilization()),
          s.preemptions(),
          s.failures(),
          String.format("%.3f", s.ettr()));
    }
    table.print(out, "  ");
    out.println();
    String currency = result.power().currency();
    String unit = currency.isEmpty() ? "" : " " + currency;
    TextTable capacity =
        new TextTable(
            "POLICY",
            "SEED>",
            "ALLOC>",
            "FRAG>",
            "LOST DEV-H>",
            "GOODPUT>",
            "ENERGY kWh>",
            "AVG kW>",
            "ENERGY COST" + unit + ">",
            "DEVICE COST" + unit + ">");
    for (ScenarioResult.PolicyRun run : result.runs()) {
      RunSummary s = run.summary();
      EnergyUse energy = s.energy();
      capacity.row(
          run.policy(),
          run.seed(),
          String.format("%.1f%%", 100 * s.allocationRatio()),
          String.format("%.1f%%", 100 * s.fragmentation()),
          String.format("%,.1f", s.lostDeviceHours()),
          String.format("%.1f%%", 100 * s.goodput()),
          format(energy.kWh(), energy.kWh().orElse(0) < 100 ? "%.2f" : "%,.0f"),
          format(energy.averageKW(), "%,.1f"),
          format(energy.energyCost(), "%,.2f"),
          format(energy.deviceCost(), "%,.2f"));
    }
    capacity.print(out, "  ");
    for (String note : notes(result)) {
      out.println("  note: " + note);
    }
    List<String> verdict = Verdict.of(result);
    if (!verdict.isEmpty()) {
      out.println();
      for (String line : verdict) {
        out.println(line);
      }
    }
  }

  private static String format(OptionalDouble value, String pattern) {
    return value.isPresent() ? String.format(pattern, value.getAsDouble()) : "-";
  }
}
