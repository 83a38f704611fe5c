package dev.wanka.cli;

import static dev.wanka.cli.EstimateContext.field;

import dev.wanka.catalog.Accelerator;
import dev.wanka.perf.Calibration;
import dev.wanka.perf.InferenceEstimate;
import dev.wanka.perf.InferenceJob;
import dev.wanka.perf.ModelCatalog.ModelPreset;
import dev.wanka.plan.DevicePrices;
import dev.wanka.spec.Values;
import dev.wanka.topology.Cluster;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How {@code estimate infer} shows an {@link InferenceEstimate}: text, or JSON with stable keys.
 */
final class InferenceView {
  private static final double GB = 1e9;

  private InferenceView() {}

  /**
   * What the estimate does not carry but the output names.
   *
   * @param cluster the cluster spec, or null for the standard cluster
   * @param pue the facility's PUE for energy
   * @param prices price per device-hour by accelerator (maybe none)
   */
  record Context(
      ModelPreset model,
      Accelerator accelerator,
      Cluster cluster,
      Calibration calibration,
      KvCache kvCache,
      double pue,
      DevicePrices prices)
      implements EstimateContext {

    OptionalDouble pricePerDeviceHour() {
      return prices.of(accelerator);
    }
  }

  /** Energy per million output tokens at TDP with PUE, when the TDP is known. */
  static OptionalDouble kwhPerMillionTokens(InferenceEstimate e, double pue) {
    OptionalDouble kwh = e.kilowattHoursPerMillionTokens();
    return kwh.isEmpty() ? kwh : OptionalDouble.of(kwh.getAsDouble() * pue);
  }

  // ---- JSON ----------------------------------------------------------------------------------

  static Map<String, Object> json(InferenceEstimate e, Context c) {
    InferenceJob job = e.job();
    Map<String, Object> json = new LinkedHashMap<>();
    c.putModel(json);
    json.put("accelerator", e.accelerator());
    json.put("tp", job.tp());
    json.put("batch", job.batch());
    json.put("inputTokens", job.inputTokens());
    json.put("outputTokens", job.outputTokens());
    json.put("weights", job.weights().keyword());
    json.put("kvCache", c.kvCache().keyword());
    c.putPlacement(json);
    json.put("pue", c.pue());

    json.put("ttftMs", Json.round(e.ttftSeconds() * 1e3));
    json.put("tpotMs", Json.round(e.tpotSeconds() * 1e3));
    json.put("prefillAloneMs", Json.round(e.prefillSeconds() * 1e3));
    json.put("outputTokensPerSecond", Json.round(e.outputTokensPerSecond()));
    json.put("outputTokensPerSecondPerDevice", Json.round(e.outputTokensPerSecondPerDevice()));
    json.put("outputTokensPerSecondPerNode", Json.round(e.outputTokensPerSecondPerNode()));
    json.put("devicesPerNode", e.devicesPerNode());
    json.put("requestsPerSecond", Json.round(e.requestsPerSecond()));

    json.put("maxBatch", e.maxBatch());
    json.put("fitsInMemory", e.fitsInMemory());
    json.put("weightsGBPerDevice", Json.round(e.weightBytesPerDevice() / GB));
    json.put("kvCacheBytesPerToken", Json.round(e.kvCacheBytesPerToken()));
    json.put("kvCacheGBPerDevice", Json.round(kvCacheBytes(e) / GB));
    json.put("memoryCapacityGB", Json.round(e.capacityBytesPerDevice() / GB));

    json.put("deviceHoursPerMillionTokens", Json.round(e.deviceHoursPerMillionTokens()));
    OptionalDouble kwh = kwhPerMillionTokens(e, c.pue());
    if (kwh.isPresent()) {
      json.put("wattsPerDevice", Json.round(e.wattsPerDevice().getAsDouble()));
      json.put("kwhPerMillionTokens", Json.round(kwh.getAsDouble()));
    } else {
      json.put("energyUnknown", c.energyUnknown());
    }
    OptionalDouble price = c.pricePerDeviceHour();
    if (price.isPresent()) {
      json.put("pricePerDeviceHour", price.getAsDouble());
      json.put(
          "costPerMillionTokens",
          Json.round(price.getAsDouble() * e.deviceHoursPerMillionTokens()));
      json.put("currency", c.prices().currency());
    }
    return json;
  }

  // ---- text ----------------------------------------------------------------------------------

  static void print(PrintWriter out, InferenceEstimate e, Context c) {
    InferenceJob job = e.job();
    out.printf(
        Locale.ROOT,
        "Serving %s on %s: tp %d, batch %,d, %,d input + %,d output tokens per request%n",
        c.model().id(),
        e.accelerator(),
        job.tp(),
        job.batch(),
        job.inputTokens(),
        job.outputTokens());
    out.printf(
        Locale.ROOT,
        "  %s weights, %s KV cache; %s; calibration %s%n",
        job.weights().keyword(),
        c.kvCache().keyword(),
        c.placement(),
        c.calibrationName());
    out.println();

    field(
        out,
        "TTFT",
        milliseconds(e.ttftSeconds())
            + " ms in steady state (the steps until a batch slot frees; "
            + milliseconds(e.prefillSeconds())
            + " ms for a prompt alone on an idle replica)");
    field(
        out,
        "TPOT",
        milliseconds(e.tpotSeconds())
            + " ms (one step: a token for each sequence, plus the prompts joining)");
    field(
        out,
        "output tok/s",
        String.format(
            Locale.ROOT,
            "%s per replica, %s per device, %s per node of %d",
            rate(e.outputTokensPerSecond()),
            rate(e.outputTokensPerSecondPerDevice()),
            rate(e.outputTokensPerSecondPerNode()),
            e.devicesPerNode()));
    field(out, "requests/s", rate(e.requestsPerSecond()) + " per replica");
    out.println();

    field(
        out,
        "weights",
        String.format(Locale.ROOT, "%,.1f GB per device", e.weightBytesPerDevice() / GB));
    field(
        out,
        "KV cache",
        String.format(
            Locale.ROOT,
            "%,.0f bytes per token per device; %,.1f GB for the batch at full context",
            e.kvCacheBytesPerToken(),
            kvCacheBytes(e) / GB));
    field(
        out,
        "max batch",
        String.format(
            Locale.ROOT,
            "%,d sequences of %,d tokens in %,.1f GB usable: %s",
            e.maxBatch(),
            job.inputTokens() + job.outputTokens(),
            e.capacityBytesPerDevice() / GB,
            e.fitsInMemory()
                ? "batch " + job.batch() + " fits"
                : e.maxBatch() == 0
                    ? "OUT OF MEMORY: the weights and one sequence do not fit"
                    : "OUT OF MEMORY: batch " + job.batch() + " > " + e.maxBatch()));
    out.println();

    field(
        out,
        "device-hours",
        String.format(
            Locale.ROOT,
            "%s per million output tokens",
            Values.format(round3(e.deviceHoursPerMillionTokens()))));
    OptionalDouble kwh = kwhPerMillionTokens(e, c.pue());
    if (kwh.isPresent()) {
      field(
          out,
          "energy",
          String.format(
              Locale.ROOT,
              "%s kWh per million output tokens at TDP x PUE %s (%,.0f W per device)",
              Values.format(round3(kwh.getAsDouble())),
              Values.format(c.pue()),
              e.wattsPerDevice().getAsDouble()));
    } else {
      field(out, "energy", "unknown: " + c.energyUnknown());
    }
    if (!c.prices().isEmpty()) {
      OptionalDouble price = c.pricePerDeviceHour();
      field(
          out,
          "cost",
          price.isPresent()
              ? String.format(
                  Locale.ROOT,
                  "%s %s per million output tokens at %s per device-hour",
                  c.prices().currency(),
                  Values.format(round3(price.getAsDouble() * e.deviceHoursPerMillionTokens())),
                  Values.format(price.getAsDouble()))
              : "not priced: the prices file has no entry for " + c.accelerator().id());
    }
  }

  /** KV cache the whole batch holds on each device at full context. */
  private static double kvCacheBytes(InferenceEstimate e) {
    InferenceJob job = e.job();
    return e.kvCacheBytesPerToken()
        * job.batch()
        * ((double) job.inputTokens() + job.outputTokens());
  }

  static String milliseconds(double seconds) {
    double ms = seconds * 1e3;
    return String.format(Locale.ROOT, ms >= 100 ? "%,.0f" : ms >= 10 ? "%.1f" : "%.2f", ms);
  }

  static String rate(double value) {
    return String.format(Locale.ROOT, value >= 100 ? "%,.0f" : value >= 1 ? "%.1f" : "%.3f", value);
  }

  /** Three significant digits, for figures that span orders of magnitude. */
  static double round3(double value) {
    if (value == 0 || !Double.isFinite(value)) {
      return value;
    }
    return Double.parseDouble(String.format(Locale.ROOT, "%.3g", value));
  }
}
