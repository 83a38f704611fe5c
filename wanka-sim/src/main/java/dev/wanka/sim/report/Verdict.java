package dev.wanka.sim.report;

import dev.wanka.sim.scenario.ScenarioResult;
import dev.wanka.sim.twin.RunSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * Which policy won a scenario and why, in a few sentences a person reads in a minute. Policies are
 * compared on their runs' means over seeds. The winner has the lowest mean job completion time; the
 * reason splits its lead over the next policy into queueing delay and time from first start to end
 * (which grows with preemptions, interruptions and lost work), after a warning when the winner
 * completed fewer jobs than the next best; then the best policy on each other figure (p99
 * completion time, wait, utilization, fragmentation, energy, cost).
 */
public final class Verdict {
  /** Below this relative difference two policies tie. */
  private static final double TIE = 0.005;

  private Verdict() {}

  /** A policy's runs averaged over seeds. */
  record PolicyMeans(String policy, int runs, Map<String, Double> means) {
    double get(String figure) {
      return means.get(figure);
    }
  }

  private static final Map<String, ToDoubleFunction<RunSummary>> FIGURES = figures();

  private static Map<String, ToDoubleFunction<RunSummary>> figures() {
    Map<String, ToDoubleFunction<RunSummary>> figures = new LinkedHashMap<>();
    figures.put("completed", s -> s.completed());
    figures.put("jobs", RunSummary::jobs);
    figures.put("jct", RunSummary::meanCompletionSeconds);
    figures.put("p99", s -> s.p99CompletionSeconds());
    figures.put("wait", RunSummary::meanWaitSeconds);
    figures.put("utilization", RunSummary::utilization);
    figures.put("allocation", RunSummary::allocationRatio);
    figures.put("fragmentation", RunSummary::fragmentation);
    figures.put("preemptions", s -> s.preemptions());
    figures.put("interruptions", s -> s.interruptions());
    figures.put("lost", RunSummary::lostDeviceHours);
    figures.put("kWh", s -> orNaN(s.energy().kWh()));
    figures.put("cost", Verdict::totalCost);
    return figures;
  }

  private static double orNaN(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : Double.NaN;
  }

  /** Energy cost plus device cost, whichever are known; NaN when neither is. */
  static double totalCost(RunSummary s) {
    if (s.energy().energyCost().isEmpty() && s.energy().deviceCost().isEmpty()) {
      return Double.NaN;
    }
    return s.energy().energyCost().orElse(0) + s.energy().deviceCost().orElse(0);
  }

  static List<PolicyMeans> means(ScenarioResult result) {
    Map<String, List<RunSummary>> byPolicy = new LinkedHashMap<>();
    for (ScenarioResult.PolicyRun run : result.runs()) {
      byPolicy.computeIfAbsent(run.policy(), p -> new ArrayList<>()).add(run.summary());
    }
    List<PolicyMeans> means = new ArrayList<>();
    for (Map.Entry<String, List<RunSummary>> entry : byPolicy.entrySet()) {
      Map<String, Double> figures = new LinkedHashMap<>();
      for (Map.Entry<String, ToDoubleFunction<RunSummary>> figure : FIGURES.entrySet()) {
        figures.put(
            figure.getKey(),
            entry.getValue().stream().mapToDouble(figure.getValue()).average().orElse(Double.NaN));
      }
      means.add(new PolicyMeans(entry.getKey(), entry.getValue().size(), figures));
    }
    return means;
  }

  /** The verdict's sentences; empty when there are no runs. */
  public static List<String> of(ScenarioResult result) {
    List<PolicyMeans> policies = means(result);
    List<String> lines = new ArrayList<>();
    if (policies.isEmpty()) {
      return lines;
    }
    String currency = result.power().currency();
    if (policies.size() == 1) {
      PolicyMeans only = policies.get(0);
      lines.add(
          String.format(
              Locale.ROOT,
              "Only %s ran, so there is nothing to compare: mean job completion time %s, mean"
                  + " wait %s, utilization %s%s.",
              only.policy(),
              Figures.duration(only.get("jct")),
              Figures.duration(only.get("wait")),
              Figures.percent(only.get("utilization")),
              Double.isNaN(only.get("kWh")) ? "" : ", energy " + Figures.kWh(only.get("kWh"))));
      return lines;
    }
    List<PolicyMeans> byJct = new ArrayList<>(policies);
    byJct.sort(Comparator.comparingDouble(p -> p.get("jct")));
    PolicyMeans best = byJct.get(0);
    PolicyMeans next = byJct.get(1);
    double lead = next.get("jct") - best.get("jct");
    String[] jct = Figures.durations(best.get("jct"), next.get("jct"));
    String seeds = best.runs() > 1 ? " Figures are means over " + best.runs() + " seeds." : "";
    if (lead <= TIE * next.get("jct")) {
      lines.add(
          String.format(
              Locale.ROOT,
              "No clear winner on mean job completion time: %s %s, %s %s.%s",
              best.policy(),
              jct[0],
              next.policy(),
              jct[1],
              seeds));
    } else {
      lines.add(
          String.format(
              Locale.ROOT,
              "%s wins: mean job completion time %s, %s below the next best, %s (%s).%s",
              best.policy(),
              jct[0],
              Figures.percent(lead / next.get("jct")),
              next.policy(),
              jct[1],
              seeds));
      fewerCompleted(best, next).ifPresent(lines::add);
      lines.add(why(best, next, lead));
    }
    lines.add(bestOnEachFigure(policies, currency));
    return lines;
  }

  /**
   * A warning when the winner completed fewer jobs than the next best: its mean completion time
   * leaves out the jobs it did not finish (within the horizon, or ever), which may be the long
   * ones.
   */
  private static Optional<String> fewerCompleted(PolicyMeans best, PolicyMeans next) {
    if (best.get("completed") >= next.get("completed")) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "But %s completed fewer jobs: %s of %s, against %s for %s; completion times count"
                + " completed jobs only.",
            best.policy(),
            Figures.number(best.get("completed")),
            Figures.number(best.get("jobs")),
            Figures.number(next.get("completed")),
            next.policy()));
  }

  /** Splits the winner's lead into queueing delay and time from first start to end. */
  private static String why(PolicyMeans best, PolicyMeans next, double lead) {
    double waitGain = next.get("wait") - best.get("wait");
    String capacity =
        String.format(
            Locale.ROOT,
            " Capacity: allocation ratio %s vs %s, fragmentation %s vs %s.",
            Figures.percent(best.get("allocation")),
            Figures.percent(next.get("allocation")),
            Figures.percent(best.get("fragmentation")),
            Figures.percent(next.get("fragmentation")));
    if (waitGain >= lead / 2) {
      return String.format(
              Locale.ROOT,
              "Why: its jobs queued less — mean wait %s vs %s, %s of the %s lead.",
              Figures.durations(best.get("wait"), next.get("wait"))[0],
              Figures.durations(best.get("wait"), next.get("wait"))[1],
              Figures.duration(waitGain),
              Figures.duration(lead))
          + capacity;
    }
    return String.format(
            Locale.ROOT,
            "Why: its jobs took less time from first start to end (%s of the %s lead; waiting"
                + " differed by %s): %s vs %s preemptions, %s vs %s interruptions, %s vs %s"
                + " device-hours lost.",
            Figures.duration(lead - waitGain),
            Figures.duration(lead),
            Figures.duration(Math.abs(waitGain)),
            Figures.number(best.get("preemptions")),
            Figures.number(next.get("preemptions")),
            Figures.number(best.get("interruptions")),
            Figures.number(next.get("interruptions")),
            Figures.number(best.get("lost")),
            Figures.number(next.get("lost")))
        + capacity;
  }

  private static String bestOnEachFigure(List<PolicyMeans> policies, String currency) {
    List<String> parts = new ArrayList<>();
    parts.add(best(policies, "p99", false, "p99 completion time", Figures::duration));
    parts.add(best(policies, "wait", false, "mean wait", Figures::duration));
    parts.add(best(policies, "utilization", true, "utilization", Figures::percent));
    parts.add(best(policies, "fragmentation", false, "fragmentation", Figures::percent));
    parts.add(best(policies, "kWh", false, "energy", Figures::kWh));
    parts.add(best(policies, "cost", false, "cost", v -> Figures.money(v, currency)));
    parts.removeIf(String::isEmpty);
    return parts.isEmpty()
        ? "The policies ran alike: p99 completion time, wait, utilization, fragmentation, energy"
            + " and cost are within 0.5% of each other."
        : "Best on each other figure — " + String.join("; ", parts) + ".";
  }

  /** "figure: policy (value)"; "" when unknown, or when all policies are within {@link #TIE}. */
  private static String best(
      List<PolicyMeans> policies,
      String figure,
      boolean higherIsBetter,
      String label,
      java.util.function.DoubleFunction<String> format) {
    PolicyMeans best = null;
    double lowest = Double.POSITIVE_INFINITY;
    double highest = Double.NEGATIVE_INFINITY;
    for (PolicyMeans p : policies) {
      double value = p.get(figure);
      if (Double.isNaN(value)) {
        return "";
      }
      lowest = Math.min(lowest, value);
      highest = Math.max(highest, value);
      if (best == null || (higherIsBetter ? value > best.get(figure) : value < best.get(figure))) {
        best = p;
      }
    }
    boolean alike = highest - lowest <= TIE * Math.max(Math.abs(lowest), Math.abs(highest));
    return alike ? "" : label + ": " + best.policy() + " (" + format.apply(best.get(figure)) + ")";
  }
}
