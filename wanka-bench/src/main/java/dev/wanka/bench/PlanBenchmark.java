package dev.wanka.bench;

import dev.wanka.catalog.Catalog;
import dev.wanka.perf.Calibrations;
import dev.wanka.perf.ModelCatalog;
import dev.wanka.perf.ModelSpec;
import dev.wanka.perf.WeightFormat;
import dev.wanka.plan.DevicePrices;
import dev.wanka.plan.InferenceGoal;
import dev.wanka.plan.InferencePlan;
import dev.wanka.plan.InferencePlanner;
import dev.wanka.plan.TrainingGoal;
import dev.wanka.plan.TrainingPlan;
import dev.wanka.plan.TrainingPlanner;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full plan over the bundled catalog. Target: {@code plan train} in under 2 s.
 *
 * <ul>
 *   <li>{@link #train} — Llama 3 70B on 2T tokens in 30 days, every catalog type, up to 131,072
 *       devices, 4M-token global batches (what {@code wanka plan train --model llama3-70b --tokens
 *       2T --days 30} runs).
 *   <li>{@link #infer} — Llama 3 70B at 10 requests/s, 2,000 tokens in and 500 out, TTFT 2 s and
 *       TPOT 50 ms, BF16, FP8 or INT8 weights, every catalog type.
 * </ul>
 *
 * <p>Steady state: {@code java -jar wanka-bench/target/benchmarks.jar PlanBenchmark}. First call in
 * a fresh JVM, as the CLI sees it: {@code java -jar wanka-bench/target/benchmarks.jar PlanBenchmark
 * -bm ss -tu ms -f 10 -wi 0 -i 1}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlanBenchmark {

  @State(Scope.Benchmark)
  public static class Goals {
    TrainingGoal training;
    InferenceGoal serving;
    Catalog catalog;

    @Setup
    public void setUp() {
      catalog = Catalog.bundled();
      ModelSpec llama = ModelCatalog.bundled().find("llama3-70b").orElseThrow().spec();
      training =
          new TrainingGoal(
              llama,
              2e12,
              30,
              llama.seq(),
              4L << 20,
              OptionalDouble.empty(),
              OptionalDouble.empty(),
              1.0,
              131_072);
      serving =
          new InferenceGoal(
              llama,
              10,
              2000,
              500,
              2.0,
              0.05,
              List.of(WeightFormat.BF16, WeightFormat.FP8, WeightFormat.INT8),
              2,
              1.0);
    }
  }

  @Benchmark
  public TrainingPlan train(Goals goals) {
    return new TrainingPlanner(Calibrations.bundled(), DevicePrices.none())
        .plan(goals.training, goals.catalog.all());
  }

  @Benchmark
  public InferencePlan infer(Goals goals) {
    return new InferencePlanner(Calibrations.bundled(), DevicePrices.none())
        .plan(goals.serving, goals.catalog.all());
  }
}
