package dev.wanka.bench;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import dev.wanka.perf.Calibration;
import dev.wanka.perf.Calibrations;
import dev.wanka.perf.DeviceAllocation;
import dev.wanka.perf.InferenceEstimate;
import dev.wanka.perf.InferenceEstimator;
import dev.wanka.perf.InferenceJob;
import dev.wanka.perf.ModelCatalog;
import dev.wanka.perf.ModelSpec;
import dev.wanka.perf.Parallelism;
import dev.wanka.perf.Recompute;
import dev.wanka.perf.TrainingEstimate;
import dev.wanka.perf.TrainingEstimator;
import dev.wanka.perf.TrainingPrecision;
import dev.wanka.perf.TrainingSetup;
import dev.wanka.perf.WeightFormat;
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
 * One estimate. Target: a training estimate in under 1 ms.
 *
 * <ul>
 *   <li>{@link #train} — Llama 3 70B on 1,024 H100 (tp 8, pp 4, dp 32, 1,024 sequences of 8,192
 *       tokens), on a device allocation built in setup.
 *   <li>{@link #trainWithAllocation} — the same, building the standard 1,024-device cluster for it
 *       too, as {@code wanka estimate train} does.
 *   <li>{@link #infer} — Llama 3 70B served on 8 H100 (FP8, batch 64, 2,000 in, 500 out).
 * </ul>
 *
 * <pre>
 * java -jar wanka-bench/target/benchmarks.jar EstimatorBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EstimatorBenchmark {

  @State(Scope.Benchmark)
  public static class Inputs {
    Accelerator h100;
    Calibration calibration;
    TrainingSetup training;
    DeviceAllocation trainingDevices;
    InferenceJob serving;
    DeviceAllocation servingDevices;

    @Setup
    public void setUp() {
      h100 = Catalog.bundled().find("h100-sxm").orElseThrow();
      calibration = Calibrations.bundled().forAccelerator(h100);
      ModelSpec llama = ModelCatalog.bundled().find("llama3-70b").orElseThrow().spec();
      training =
          new TrainingSetup(
              llama,
              8192,
              1,
              1024,
              new Parallelism(8, 4, 1, 1, 1, 32),
              Recompute.SELECTIVE,
              true,
              TrainingPrecision.BF16,
              1,
              true,
              true);
      trainingDevices = DeviceAllocation.standalone(h100, 1024);
      serving = new InferenceJob(llama, WeightFormat.FP8, 2, 8, 64, 2000, 500);
      servingDevices = DeviceAllocation.standalone(h100, 8);
    }
  }

  @Benchmark
  public TrainingEstimate train(Inputs in) {
    return TrainingEstimator.estimate(in.training, in.trainingDevices, in.calibration);
  }

  @Benchmark
  public TrainingEstimate trainWithAllocation(Inputs in) {
    return TrainingEstimator.estimate(
        in.training, DeviceAllocation.standalone(in.h100, 1024), in.calibration);
  }

  @Benchmark
  public InferenceEstimate infer(Inputs in) {
    return InferenceEstimator.estimate(in.serving, in.servingDevices, in.calibration);
  }
}
