package dev.wanka.cli;

import dev.wanka.catalog.Accelerator;
import dev.wanka.perf.InferenceEstimate;
import dev.wanka.perf.ModelCatalog.ModelPreset;
import dev.wanka.perf.Parallelism;
import dev.wanka.perf.TrainingEstimate;
import dev.wanka.plan.DevicePrices;
import dev.wanka.plan.InferenceGoal;
import dev.wanka.plan.InferenceOption;
import dev.wanka.plan.InferencePlan;
import dev.wanka.plan.Rejection;
import dev.wanka.plan.TrainingGoal;
import dev.wanka.plan.TrainingOption;
import dev.wanka.plan.TrainingPlan;
import dev.wanka.spec.Values;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * How {@code plan train} and {@code plan infer} show a plan: a ranked table of the top options, the
 * rejected types with their reasons, and how many configurations were evaluated; or one JSON object
 * with {@code goal}, {@code options}, {@code rejected} and {@code evaluated}.
 */
final class PlanView {
  private static final double GB = 1e9;

  private PlanView() {}

  /**
   * What the plan does not carry but the output names.
   *
   * @param types the accelerator types searched
   * @param top how many options to show
   */
  record Context(ModelPreset model, List<Accelerator> types, DevicePrices prices, int top) {
    List<String> typeIds() {
      return types.stream().map(Accelerator::id).toList();
    }

    String costHeader(String what) {
      return what + " " + prices.currency() + ">";
    }
  }

  // ---- plan train ----------------------------------------------------------------------------

  static Map<String, Object> json(TrainingPlan plan, Context c) {
    TrainingGoal g = plan.goal();
    Map<String, Object> goal = new LinkedHashMap<>();
    goal.put("model", c.model().id());
    goal.put("tokens", g.tokens());
    goal.put("days", g.days());
    goal.put("seq", g.seq());
    goal.put("globalBatchTokens", g.globalBatchTokens());
    goal.put("globalBatch", g.globalBatch());
    g.maxCost().ifPresent(cost -> goal.put("maxCost", cost));
    g.powerCapMegawatts().ifPresent(mw -> goal.put("powerCapMegawatts", mw));
    goal.put("pue", g.pue());
    goal.put("maxDevices", g.maxDevices());
    goal.put("types", c.typeIds());

    List<Map<String, Object>> options = ranked(top(plan.options(), c), PlanView::putOption);
    return document(goal, options, plan.options().size(), plan.rejected(), plan.evaluated(), c);
  }

  static void print(PrintWriter out, TrainingPlan plan, Context c) {
    TrainingGoal g = plan.goal();
    out.printf(
        Locale.ROOT,
        "Plan: train %s on %s tokens within %s days%n",
        c.model().id(),
        TokenCount.describe(g.tokens()),
        Values.format(g.days()));
    out.printf(
        Locale.ROOT,
        "  seq %,d, global batch %,d sequences (%,d tokens); bf16, ZeRO 1, flash attention;"
            + " PUE %s; up to %,d devices%s%s; %s%n",
        g.seq(),
        g.globalBatch(),
        (long) g.globalBatch() * g.seq(),
        Values.format(g.pue()),
        g.maxDevices(),
        g.maxCost().isPresent()
            ? String.format(
                Locale.ROOT, ", at most %s %,.0f", c.prices().currency(), g.maxCost().getAsDouble())
            : "",
        g.powerCapMegawatts().isPresent()
            ? ", at most " + Values.format(g.powerCapMegawatts().getAsDouble()) + " MW"
            : "",
        types(c));
    out.println();

    List<TrainingOption> shown = top(plan.options(), c);
    table(
        out,
        c,
        shown,
        List.of(
            "ACCELERATOR",
            "DEVICES>",
            "TP/PP/DP>",
            "MICRO-BATCH>",
            "RECOMPUTE",
            "MFU %>",
            "DAYS>",
            "MWH>"),
        "COST",
        PlanView::cells,
        o -> orUnknown(o.cost(), "%,.0f"));
    summary(
        out,
        plan.rejected(),
        plan.evaluated(),
        shownOf(shown.size(), plan.options().size()),
        "the best few layouts per accelerator type");
  }

  private static void putOption(TrainingOption o, Map<String, Object> option) {
    TrainingEstimate e = o.estimate();
    Parallelism p = e.job().parallelism();
    option.put("accelerator", e.accelerator());
    option.put("devices", o.devices());
    Map<String, Object> parallelism = new LinkedHashMap<>();
    parallelism.put("tp", p.tp());
    parallelism.put("pp", p.pp());
    parallelism.put("ep", p.ep());
    parallelism.put("dp", p.dp());
    option.put("parallelism", parallelism);
    option.put("microBatch", e.job().microBatch());
    option.put("recompute", e.job().recompute().keyword());
    option.put("mfu", Json.round(e.mfu()));
    option.put("days", Json.round(o.days()));
    option.put("deviceHours", Json.round(o.deviceHours()));
    o.megawattHours().ifPresent(mwh -> option.put("megawattHours", Json.round(mwh)));
    o.megawatts().ifPresent(mw -> option.put("megawatts", Json.round(mw)));
    o.cost().ifPresent(cost -> option.put("cost", Json.round(cost)));
    option.put("stepSeconds", Json.round(e.stepSeconds()));
    option.put("tokensPerSecond", Json.round(e.tokensPerSecond()));
    option.put("memoryPerDeviceGB", Json.round(e.memory().totalBytes() / GB));
  }

  private static List<Object> cells(TrainingOption o) {
    TrainingEstimate e = o.estimate();
    Parallelism p = e.job().parallelism();
    return List.of(
        e.accelerator(),
        String.format(Locale.ROOT, "%,d", o.devices()),
        p.tp() + "/" + p.pp() + "/" + p.dp() + (p.ep() > 1 ? " ep " + p.ep() : ""),
        e.job().microBatch(),
        e.job().recompute().keyword(),
        String.format(Locale.ROOT, "%.1f", 100 * e.mfu()),
        String.format(Locale.ROOT, "%.1f", o.days()),
        threeDigits(o.megawattHours()));
  }

  // ---- plan infer ----------------------------------------------------------------------------

  static Map<String, Object> json(InferencePlan plan, Context c, KvCache kvCache) {
    InferenceGoal g = plan.goal();
    Map<String, Object> goal = new LinkedHashMap<>();
    goal.put("model", c.model().id());
    goal.put("requestsPerSecond", g.requestsPerSecond());
    goal.put("inputTokens", g.inputTokens());
    goal.put("outputTokens", g.outputTokens());
    goal.put("outputTokensPerSecond", Json.round(g.outputTokensPerSecond()));
    goal.put("ttftMs", Json.round(g.ttftSeconds() * 1e3));
    goal.put("tpotMs", Json.round(g.tpotSeconds() * 1e3));
    goal.put("weights", g.formats().stream().map(f -> f.keyword()).toList());
    goal.put("kvCache", kvCache.keyword());
    goal.put("pue", g.pue());
    goal.put("types", c.typeIds());

    List<Map<String, Object>> options = ranked(top(plan.options(), c), PlanView::putOption);
    return document(goal, options, plan.options().size(), plan.rejected(), plan.evaluated(), c);
  }

  static void print(PrintWriter out, InferencePlan plan, Context c, KvCache kvCache) {
    InferenceGoal g = plan.goal();
    out.printf(
        Locale.ROOT,
        "Plan: serve %s at %s requests/s, %,d input + %,d output tokens each (%s output"
            + " tokens/s)%n",
        c.model().id(),
        Values.format(g.requestsPerSecond()),
        g.inputTokens(),
        g.outputTokens(),
        InferenceView.rate(g.outputTokensPerSecond()));
    out.printf(
        Locale.ROOT,
        "  targets TTFT %s ms, TPOT %s ms; weights %s; KV cache %s; PUE %s; %s%n",
        Values.format(g.ttftSeconds() * 1e3),
        Values.format(g.tpotSeconds() * 1e3),
        String.join(", ", g.formats().stream().map(f -> f.keyword()).toList()),
        kvCache.keyword(),
        Values.format(g.pue()),
        types(c));
    out.println();

    List<InferenceOption> shown = top(plan.options(), c);
    table(
        out,
        c,
        shown,
        List.of(
            "ACCELERATOR",
            "WEIGHTS",
            "TP>",
            "BATCH>",
            "REPLICAS>",
            "DEVICES>",
            "TTFT MS>",
            "TPOT MS>",
            "TOK/S/DEVICE>",
            "DEVICE-H/M>",
            "KWH/M>"),
        "COST/M",
        PlanView::cells,
        o -> threeDigits(o.costPerMillionTokens()));
    summary(
        out,
        plan.rejected(),
        plan.evaluated(),
        shownOf(shown.size(), plan.options().size()),
        "the best per accelerator type and weight format");
    out.println(
        "Continuous batching with chunked prefill: TPOT is one step of the full batch, TTFT the"
            + " steps until a slot frees; /M is per million output tokens at the target load,"
            + " whole replicas counted.");
  }

  private static void putOption(InferenceOption o, Map<String, Object> option) {
    InferenceEstimate e = o.estimate();
    option.put("accelerator", e.accelerator());
    option.put("weights", e.job().weights().keyword());
    option.put("tp", e.job().tp());
    option.put("batch", e.job().batch());
    option.put("replicas", o.replicas());
    option.put("devices", o.devices());
    option.put("ttftMs", Json.round(e.ttftSeconds() * 1e3));
    option.put("prefillAloneMs", Json.round(e.prefillSeconds() * 1e3));
    option.put("tpotMs", Json.round(e.tpotSeconds() * 1e3));
    option.put("outputTokensPerSecondPerDevice", Json.round(e.outputTokensPerSecondPerDevice()));
    option.put("requestsPerSecondPerReplica", Json.round(e.requestsPerSecond()));
    option.put("maxBatch", e.maxBatch());
    option.put("weightsGBPerDevice", Json.round(e.weightBytesPerDevice() / GB));
    option.put("deviceHoursPerMillionTokens", Json.round(o.deviceHoursPerMillionTokens()));
    o.kilowattHoursPerMillionTokens()
        .ifPresent(kwh -> option.put("kwhPerMillionTokens", Json.round(kwh)));
    o.megawatts().ifPresent(mw -> option.put("megawatts", Json.round(mw)));
    o.costPerMillionTokens()
        .ifPresent(cost -> option.put("costPerMillionTokens", Json.round(cost)));
  }

  private static List<Object> cells(InferenceOption o) {
    InferenceEstimate e = o.estimate();
    return List.of(
        e.accelerator(),
        e.job().weights().keyword(),
        e.job().tp(),
        e.job().batch(),
        String.format(Locale.ROOT, "%,d", o.replicas()),
        String.format(Locale.ROOT, "%,d", o.devices()),
        InferenceView.milliseconds(e.ttftSeconds()),
        InferenceView.milliseconds(e.tpotSeconds()),
        InferenceView.rate(e.outputTokensPerSecondPerDevice()),
        threeDigits(OptionalDouble.of(o.deviceHoursPerMillionTokens())),
        threeDigits(o.kilowattHoursPerMillionTokens()));
  }

  // ---- shared --------------------------------------------------------------------------------

  private static Map<String, Object> document(
      Map<String, Object> goal,
      List<Map<String, Object>> options,
      int found,
      List<Rejection> rejected,
      int evaluated,
      Context c) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("goal", goal);
    json.put("options", options);
    json.put("optionsFound", found);
    json.put(
        "rejected",
        rejected.stream()
            .map(
                r -> {
                  Map<String, Object> entry = new LinkedHashMap<>();
                  entry.put("accelerator", r.accelerator());
                  entry.put("reason", r.reason().name());
                  entry.put("detail", r.detail());
                  return entry;
                })
            .toList());
    json.put("evaluated", evaluated);
    if (!c.prices().isEmpty()) {
      json.put("currency", c.prices().currency());
    }
    return json;
  }

  /** The options in rank order as JSON objects: {@code rank}, then what {@code fields} puts. */
  private static <T> List<Map<String, Object>> ranked(
      List<T> shown, BiConsumer<T, Map<String, Object>> fields) {
    List<Map<String, Object>> options = new ArrayList<>();
    for (int i = 0; i < shown.size(); i++) {
      Map<String, Object> option = new LinkedHashMap<>();
      option.put("rank", i + 1);
      fields.accept(shown.get(i), option);
      options.add(option);
    }
    return options;
  }

  /**
   * The options shown as a table: RANK, the {@code headers} and, when priced, a cost column; or
   * that no option meets the goal.
   */
  private static <T> void table(
      PrintWriter out,
      Context c,
      List<T> shown,
      List<String> headers,
      String costHeader,
      Function<T, List<Object>> cells,
      Function<T, String> cost) {
    if (shown.isEmpty()) {
      out.println("No option meets the goal.");
      return;
    }
    boolean priced = !c.prices().isEmpty();
    List<String> columns = new ArrayList<>();
    columns.add("RANK>");
    columns.addAll(headers);
    if (priced) {
      columns.add(c.costHeader(costHeader));
    }
    TextTable table = new TextTable(columns.toArray(String[]::new));
    for (int i = 0; i < shown.size(); i++) {
      List<Object> row = new ArrayList<>();
      row.add(i + 1);
      row.addAll(cells.apply(shown.get(i)));
      if (priced) {
        row.add(cost.apply(shown.get(i)));
      }
      table.row(row.toArray());
    }
    table.print(out, "");
  }

  /** The rejected types, then how many configurations were evaluated and which are shown. */
  private static void summary(
      PrintWriter out, List<Rejection> rejected, int evaluated, String shown, String which) {
    rejected(out, rejected);
    out.println();
    out.printf(Locale.ROOT, "%,d configurations evaluated; %s (%s).%n", evaluated, shown, which);
  }

  private static void rejected(PrintWriter out, List<Rejection> rejected) {
    if (rejected.isEmpty()) {
      return;
    }
    out.println();
    out.println("Rejected:");
    TextTable table = new TextTable("ACCELERATOR", "REASON", "DETAIL");
    rejected.forEach(r -> table.row(r.accelerator(), r.reason().name(), r.detail()));
    table.print(out, "  ");
  }

  private static <T> List<T> top(List<T> options, Context c) {
    return options.subList(0, Math.min(c.top(), options.size()));
  }

  private static String types(Context c) {
    return c.types().size() == 1
        ? "1 accelerator type"
        : String.format(Locale.ROOT, "%,d accelerator types", c.types().size());
  }

  private static String shownOf(int shown, int found) {
    if (found == 0) {
      return "no options";
    }
    return shown == found
        ? String.format(Locale.ROOT, "%,d option%s", found, found == 1 ? "" : "s")
        : String.format(Locale.ROOT, "top %,d of %,d options shown", shown, found);
  }

  private static String orUnknown(OptionalDouble value, String format) {
    return value.isPresent() ? String.format(Locale.ROOT, format, value.getAsDouble()) : "?";
  }

  /** About three significant digits without an exponent: 1,234, 56.7, 8.90, 0.0123. */
  private static String threeDigits(OptionalDouble value) {
    if (value.isEmpty()) {
      return "?";
    }
    double v = value.getAsDouble();
    String format = v >= 100 ? "%,.0f" : v >= 10 ? "%.1f" : v >= 1 ? "%.2f" : "%.3g";
    return String.format(Locale.ROOT, format, v);
  }
}
