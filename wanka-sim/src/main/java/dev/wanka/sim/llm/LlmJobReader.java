package dev.wanka.sim.llm;

import dev.wanka.perf.ModelCatalog;
import dev.wanka.perf.ModelSpec;
import dev.wanka.perf.Recompute;
import dev.wanka.spec.MapReader;
import dev.wanka.spec.Paths;
import dev.wanka.spec.Values;
import dev.wanka.spec.YamlNode;
import dev.wanka.workload.TrainingJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Reads a scenario's list of LLM jobs: each a map of {@code model} (a bundled model), {@code
 * tokens}, {@code devices}, {@code globalBatch} (required) and {@code tp}, {@code pp}, {@code seq},
 * {@code microBatch}, {@code recompute}, {@code submitSeconds}, {@code checkpointSeconds}
 * (optional; see {@link LlmJob}). Whether a job fits the types it accepts is checked when it is
 * mapped onto a cluster ({@link LlmMapping}).
 */
public final class LlmJobReader {
  private LlmJobReader() {}

  /** The most tokens an LLM job may train on: far beyond Llama 3's 15.6 trillion. */
  static final double MAX_TOKENS = 1e16;

  /**
   * The jobs of the list at {@code field} of {@code workload} (a non-empty list), each problem
   * reported to the workload's problems; a job with a problem is left out of the list returned.
   */
  public static List<LlmJob> read(MapReader workload, String field) {
    List<LlmJob> jobs = new ArrayList<>();
    List<YamlNode> items = workload.list(field, true);
    for (int i = 0; i < items.size(); i++) {
      MapReader item =
          MapReader.of(
              items.get(i),
              Paths.item(workload.path(field), i),
              workload.problems(),
              "model",
              "tokens",
              "devices",
              "submitSeconds",
              "tp",
              "pp",
              "seq",
              "globalBatch",
              "microBatch",
              "recompute",
              "checkpointSeconds");
      String id = item.string("model");
      Optional<ModelSpec> model =
          ModelCatalog.bundled().find(id).map(ModelCatalog.ModelPreset::spec);
      if (!id.isEmpty() && model.isEmpty()) {
        item.problem("model", ModelCatalog.bundled().notFoundMessage(id));
      }
      OptionalDouble tokens =
          item.required("tokens", "a number of tokens from 1 to " + Values.format(MAX_TOKENS))
              .map(
                  n -> Values.number(n, item.path("tokens"), 1, false, MAX_TOKENS, item.problems()))
              .orElse(OptionalDouble.empty());
      int devices = (int) item.integer("devices", 1, TrainingJob.MAX_DEVICES);
      long submit = item.integer("submitSeconds", 0, TrainingJob.MAX_SECONDS, 0);
      int tp = (int) item.integer("tp", 1, TrainingJob.MAX_DEVICES_PER_NODE, 1);
      int pp = (int) item.integer("pp", 1, 1024, 1);
      int seq = (int) item.integer("seq", 1, 10_000_000, model.map(ModelSpec::seq).orElse(1));
      int globalBatch = (int) item.integer("globalBatch", 1, 100_000_000);
      int microBatch = (int) item.integer("microBatch", 1, 100_000, 1);
      Recompute recompute = item.keyword("recompute", Recompute.class, Recompute.SELECTIVE);
      OptionalLong checkpoint =
          item.has("checkpointSeconds")
              ? OptionalLong.of(item.integer("checkpointSeconds", 1, TrainingJob.MAX_SECONDS, 1))
              : OptionalLong.empty();
      if (devices > 0 && devices % (tp * pp) != 0) {
        item.problem(
            "devices",
            devices
                + " is not allowed: must be a multiple of tp x pp = "
                + tp * pp
                + " (the data-parallel size is devices / (tp x pp))");
      }
      if (model.isPresent() && tokens.isPresent() && devices > 0) {
        jobs.add(
            new LlmJob(
                model.get(),
                tokens.getAsDouble(),
                devices,
                submit,
                tp,
                pp,
                seq,
                globalBatch,
                microBatch,
                recompute,
                checkpoint));
      }
    }
    return jobs;
  }
}
