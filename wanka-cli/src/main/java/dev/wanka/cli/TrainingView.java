package dev.wanka.cli;

import static dev.wanka.cli.EstimateContext.field;

import dev.wanka.catalog.Accelerator;
import dev.wanka.perf.Calibration;
import dev.wanka.perf.ModelCatalog.ModelPreset;
import dev.wanka.perf.Parallelism;
import dev.wanka.perf.TrainingEstimate;
import dev.wanka.perf.TrainingMemory;
import dev.wanka.perf.TrainingSetup;
import dev.wanka.spec.Values;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.Prices;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** {@code wanka estimate train}: the same facts as text for people and as JSON for scripts. */
final class TrainingView {
  private static final double GB = 1e9;
  private static final double SECONDS_PER_DAY = 86_400;

  /** One PFLOP/s for a day: the unit of "GPT-3 took 3,640 PF-days". */
  private static final double PETAFLOP_DAY = 1e15 * 86_400;

  private TrainingView() {}

  /**
   * What the view shows besides the estimate.
   *
   * @param cluster the cluster spec's model, or null for the standard cluster
   * @param tokens tokens to train on, if given
   * @param pue the facility's PUE for energy
   */
  record Context(
      ModelPreset model,
      Accelerator accelerator,
      Cluster cluster,
      Calibration calibration,
      OptionalDouble tokens,
      double pue)
      implements EstimateContext {

    Optional<Prices> prices() {
      return cluster == null ? Optional.empty() : cluster.spec().prices();
    }
  }

  // ---- JSON ----------------------------------------------------------------------------------

  static Map<String, Object> json(TrainingEstimate e, Context c) {
    TrainingSetup job = e.job();
    Parallelism p = job.parallelism();
    Map<String, Object> json = new LinkedHashMap<>();
    c.putModel(json);
    json.put("accelerator", e.accelerator());
    json.put("devices", e.devices());
    c.putPlacement(json);
    Map<String, Object> parallelism = new LinkedHashMap<>();
    parallelism.put("tp", p.tp());
    parallelism.put("pp", p.pp());
    parallelism.put("vpp", p.vpp());
    parallelism.put("cp", p.cp());
    parallelism.put("ep", p.ep());
    parallelism.put("dp", p.dp());
    json.put("parallelism", parallelism);
    json.put("globalBatch", job.globalBatch());
    json.put("microBatch", job.microBatch());
    json.put("microBatches", job.microBatches());
    json.put("seq", job.seq());
    json.put("tokensPerStep", job.tokensPerStep());
    json.put("recompute", job.recompute().keyword());
    json.put("sequenceParallel", job.sequenceParallel());
    json.put("precision", job.precision().keyword());
    json.put("zeroStage", job.zeroStage());
    json.put("flashAttention", job.flashAttention());
    json.put("overlapGradReduce", job.overlapGradReduce());

    json.put("stepSeconds", Json.round(e.stepSeconds()));
    json.put("tokensPerSecond", Json.round(e.tokensPerSecond()));
    json.put("tflopsPerDevice", Json.round(e.tflopsPerDevice()));
    json.put("hardwareTflopsPerDevice", Json.round(e.hardwareTflopsPerDevice()));
    json.put("peakTflopsPerDevice", Json.round(e.peakFlopsPerDevice() / 1e12));
    json.put("mfu", Json.round(e.mfu()));
    json.put("hfu", Json.round(e.hfu()));
    Map<String, Object> breakdown = new LinkedHashMap<>();
    breakdown.put("computeSeconds", Json.round(e.computeSeconds()));
    breakdown.put("tensorParallelSeconds", Json.round(e.tensorParallelSeconds()));
    breakdown.put("expertParallelSeconds", Json.round(e.expertParallelSeconds()));
    breakdown.put("contextParallelSeconds", Json.round(e.contextParallelSeconds()));
    breakdown.put("pipelineSeconds", Json.round(e.pipelineSeconds()));
    breakdown.put("bubbleSeconds", Json.round(e.bubbleSeconds()));
    breakdown.put("dataParallelSeconds", Json.round(e.dataParallelSeconds()));
    breakdown.put("optimizerSeconds", Json.round(e.optimizerSeconds()));
    json.put("breakdown", breakdown);

    TrainingMemory m = e.memory();
    json.put("memoryPerDeviceGB", Json.round(m.totalBytes() / GB));
    json.put("memoryCapacityGB", Json.round(m.capacityBytes() / GB));
    json.put("fitsInMemory", m.fits());
    Map<String, Object> memory = new LinkedHashMap<>();
    memory.put("weightsGB", Json.round(m.weightBytes() / GB));
    memory.put("gradientsGB", Json.round(m.gradientBytes() / GB));
    memory.put("optimizerGB", Json.round(m.optimizerBytes() / GB));
    memory.put("activationsGB", Json.round(m.activationBytes() / GB));
    memory.put("totalGB", Json.round(m.totalBytes() / GB));
    memory.put("capacityGB", Json.round(m.capacityBytes() / GB));
    c.accelerator().memoryGB().asOptional().ifPresent(gb -> memory.put("deviceGB", gb));
    memory.put("usableFraction", c.calibration().usableMemoryFraction());
    json.put("memory", memory);

    if (c.tokens().isPresent()) {
      double tokens = c.tokens().getAsDouble();
      json.put("tokens", tokens);
      json.put("steps", Json.round(tokens / job.tokensPerStep()));
      json.put("days", Json.round(e.secondsFor(tokens) / SECONDS_PER_DAY));
      json.put("modelFlops", Json.round(e.modelFlopsFor(tokens)));
      json.put("petaflopDays", Json.round(e.modelFlopsFor(tokens) / PETAFLOP_DAY));
      json.put("pue", c.pue());
      OptionalDouble kwh = e.kilowattHoursFor(tokens, c.pue());
      if (kwh.isPresent()) {
        json.put("wattsPerDevice", Json.round(e.wattsPerDevice().getAsDouble()));
        json.put("energyMWh", Json.round(kwh.getAsDouble() / 1000));
        c.prices()
            .filter(prices -> prices.powerPerKwh().isPresent())
            .ifPresent(
                prices -> {
                  json.put(
                      "energyCost",
                      Json.round(kwh.getAsDouble() * prices.powerPerKwh().getAsDouble()));
                  json.put("currency", prices.currency());
                });
      } else {
        json.put("energyUnknown", c.energyUnknown());
      }
    }
    return json;
  }

  // ---- text ----------------------------------------------------------------------------------

  static void print(PrintWriter out, TrainingEstimate e, Context c) {
    TrainingSetup job = e.job();
    Parallelism p = job.parallelism();
    out.printf(
        Locale.ROOT,
        "Training %s on %,d x %s: tp %d, pp %d, vpp %d, cp %d, ep %d, dp %d;"
            + " global batch %,d x seq %,d (micro-batch %,d, %,d per step)%n",
        c.model().id(),
        e.devices(),
        e.accelerator(),
        p.tp(),
        p.pp(),
        p.vpp(),
        p.cp(),
        p.ep(),
        p.dp(),
        job.globalBatch(),
        job.seq(),
        job.microBatch(),
        job.microBatches());
    out.printf(
        Locale.ROOT,
        "  %s, %s recompute%s, ZeRO %d, %s attention, gradient reduce %s; %s; calibration %s%n",
        job.precision().keyword(),
        job.recompute().keyword(),
        job.sequenceParallel() ? ", sequence parallel" : "",
        job.zeroStage(),
        job.flashAttention() ? "flash" : "unfused",
        job.overlapGradReduce() ? "overlapped" : "not overlapped",
        c.placement(),
        c.calibrationName());
    out.println();

    field(out, "step time", String.format(Locale.ROOT, "%s s", seconds(e.stepSeconds())));
    field(out, "tokens/s", String.format(Locale.ROOT, "%,.0f", e.tokensPerSecond()));
    field(
        out,
        "TFLOP/s/device",
        String.format(
            Locale.ROOT,
            "%,.1f model, %,.1f hardware (peak %s %s)",
            e.tflopsPerDevice(),
            e.hardwareTflopsPerDevice(),
            Values.format(e.peakFlopsPerDevice() / 1e12),
            job.precision().keyword()));
    field(out, "MFU", String.format(Locale.ROOT, "%.1f %%", 100 * e.mfu()));
    field(out, "HFU", String.format(Locale.ROOT, "%.1f %% (recomputation counted)", 100 * e.hfu()));
    out.println();

    double step = e.stepSeconds();
    TextTable parts = new TextTable("STEP", "SECONDS>", "SHARE>");
    part(parts, "compute", e.computeSeconds(), step);
    part(parts, "  of which TP", e.tensorParallelSeconds(), step);
    part(parts, "  of which EP", e.expertParallelSeconds(), step);
    part(parts, "  of which CP", e.contextParallelSeconds(), step);
    part(parts, "pipeline transfers", e.pipelineSeconds(), step);
    part(parts, "pipeline bubble", e.bubbleSeconds(), step);
    part(parts, "data-parallel exposed", e.dataParallelSeconds(), step);
    part(parts, "optimizer", e.optimizerSeconds(), step);
    part(parts, "step", step, step);
    parts.print(out, "  ");
    out.println();

    TrainingMemory m = e.memory();
    TextTable memory = new TextTable("MEMORY PER DEVICE", "GB>");
    memory.row("weights", gigabytes(m.weightBytes()));
    memory.row("gradients", gigabytes(m.gradientBytes()));
    memory.row("optimizer", gigabytes(m.optimizerBytes()));
    memory.row("activations", gigabytes(m.activationBytes()));
    memory.row("total", gigabytes(m.totalBytes()));
    memory.print(out, "  ");
    String usable =
        c.accelerator().memoryGB().asOptional().stream()
            .mapToObj(
                gb ->
                    " ("
                        + Values.format(gb)
                        + " GB x "
                        + Values.format(c.calibration().usableMemoryFraction())
                        + ")")
            .findFirst()
            .orElse("");
    out.printf(
        Locale.ROOT,
        "  %s GB of %s GB usable%s: %s%n",
        gigabytes(m.totalBytes()),
        gigabytes(m.capacityBytes()),
        usable,
        m.fits()
            ? "fits"
            : "OUT OF MEMORY by " + gigabytes(m.totalBytes() - m.capacityBytes()) + " GB");

    if (c.tokens().isPresent()) {
      out.println();
      tokens(out, e, c, c.tokens().getAsDouble());
    }
  }

  private static void tokens(PrintWriter out, TrainingEstimate e, Context c, double tokens) {
    field(
        out,
        "time to train",
        String.format(
            Locale.ROOT,
            "%,.1f days for %s tokens (%,.0f steps)",
            e.secondsFor(tokens) / SECONDS_PER_DAY,
            TokenCount.describe(tokens),
            Math.ceil(tokens / e.job().tokensPerStep())));
    double sixNd = 6 * e.job().model().activeParameters() * tokens;
    field(
        out,
        "compute",
        String.format(
            Locale.ROOT,
            "%.3g FLOPs = %,.0f PF-days (6 x active parameters x tokens: %.3g = %,.0f PF-days)",
            e.modelFlopsFor(tokens),
            e.modelFlopsFor(tokens) / PETAFLOP_DAY,
            sixNd,
            sixNd / PETAFLOP_DAY));
    OptionalDouble kwh = e.kilowattHoursFor(tokens, c.pue());
    if (kwh.isEmpty()) {
      field(out, "energy", "unknown: " + c.energyUnknown());
      return;
    }
    double wattsPerDevice = e.wattsPerDevice().getAsDouble();
    double tdp = c.accelerator().tdpWatts().asOptional().orElse(wattsPerDevice);
    field(
        out,
        "energy",
        String.format(
            Locale.ROOT,
            "%,.1f MWh at TDP x PUE %s (%,.0f W per device%s)",
            kwh.getAsDouble() / 1000,
            Values.format(c.pue()),
            wattsPerDevice,
            wattsPerDevice > tdp ? " with its share of the node overhead" : ""));
    c.prices()
        .ifPresent(
            prices ->
                field(
                    out,
                    "energy cost",
                    prices.powerPerKwh().stream()
                        .mapToObj(
                            price ->
                                String.format(
                                    Locale.ROOT,
                                    "%s %,.0f at %s per kWh",
                                    prices.currency(),
                                    kwh.getAsDouble() * price,
                                    Values.format(price)))
                        .findFirst()
                        .orElse("not priced (no powerPerKwh in the cluster spec)")));
  }

  private static void part(TextTable table, String label, double value, double step) {
    table.row(label, seconds(value), String.format(Locale.ROOT, "%.1f %%", 100 * value / step));
  }

  private static String seconds(double value) {
    return String.format(Locale.ROOT, value >= 100 ? "%,.1f" : "%.3f", value);
  }

  private static String gigabytes(double bytes) {
    return String.format(Locale.ROOT, "%,.1f", bytes / GB);
  }
}
