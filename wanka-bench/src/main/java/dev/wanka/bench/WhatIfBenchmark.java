package dev.wanka.bench;

import dev.wanka.sim.whatif.ClusterSnapshot;
import dev.wanka.sim.whatif.PredictedStart;
import dev.wanka.sim.whatif.Prediction;
import dev.wanka.sim.whatif.StartTimePredictor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long "when will my job start?" takes ({@link StartTimePredictor}, a week's horizon) for a
 * 10,240-device cluster at least 90% busy with {@code pending} jobs waiting ({@link
 * WhatIfSnapshot}, seed 1): the snapshot forked into a fresh scheduler and run forward until every
 * pending job has started. Forked with {@code -Xmx1g}.
 *
 * <pre>
 * ./mvnw -B -pl wanka-bench -am package -DskipTests
 * java -jar wanka-bench/target/benchmarks.jar WhatIfBenchmark
 * # one prediction's outcome (jobs started within the week, cycles, time) in a fresh JVM:
 * java -Xmx1g -cp wanka-bench/target/benchmarks.jar dev.wanka.bench.WhatIfBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@State(Scope.Benchmark)
public class WhatIfBenchmark {
  @Param({"1000"})
  public int pending;

  private ClusterSnapshot snapshot;
  private final StartTimePredictor predictor = StartTimePredictor.withDefaults(System::nanoTime);

  @Setup
  public void snapshot() {
    snapshot = WhatIfSnapshot.build(WhatIfSnapshot.cluster(), pending, 1);
  }

  @Benchmark
  public Prediction predict() {
    return predictor.predict(snapshot);
  }

  /** One prediction in a fresh JVM, described. */
  public static void main(String[] args) {
    ClusterSnapshot snapshot = WhatIfSnapshot.build(WhatIfSnapshot.cluster(), 1_000, 1);
    Prediction prediction = StartTimePredictor.withDefaults(System::nanoTime).predict(snapshot);
    long started = prediction.starts().values().stream().filter(PredictedStart::starts).count();
    long latest =
        prediction.starts().values().stream()
            .filter(PredictedStart::starts)
            .mapToLong(s -> s.startSeconds().getAsLong())
            .max()
            .orElse(snapshot.nowSeconds());
    System.out.printf(
        "%,d running, %,d pending: %,d start within the week (the last %,d s from now);"
            + " %,d cycles in %,.0f ms%n",
        snapshot.running().size(),
        prediction.starts().size(),
        started,
        latest - snapshot.nowSeconds(),
        prediction.cycles(),
        prediction.tookNanos() / 1e6);
  }
}
