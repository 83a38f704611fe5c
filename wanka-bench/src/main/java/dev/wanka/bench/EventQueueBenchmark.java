package dev.wanka.bench;

import dev.wanka.sim.engine.EventQueue;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
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
 * The twin's event engine ({@link EventQueue}) against issue 5's target of at least 5 million
 * events per second: the classic "hold" model — a queue of {@code depth} pending events; each
 * operation takes the earliest and schedules its successor a seeded exponential gap later (mean 600
 * s, from a table drawn once), so the depth stays constant. One operation is one event through the
 * engine (a schedule and a take). Depths: 1,000 (a twin run's usual handful of completions and
 * deadlines) and 100,000 (a trace of ~82,000 jobs schedules every arrival up front, so its queue
 * starts that deep).
 *
 * <pre>
 * ./mvnw -B -pl wanka-bench -am package -DskipTests
 * java -jar wanka-bench/target/benchmarks.jar EventQueueBenchmark -prof gc
 * # the same loop measured on this thread's CPU time as well as wall time (a shared machine
 * # steals wall time from JMH's figure): 3 warm-up and 5 measured rounds of 20 million events
 * java -Xmx1g -cp wanka-bench/target/benchmarks.jar dev.wanka.bench.EventQueueBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@State(Scope.Thread)
public class EventQueueBenchmark {
  private static final int GAPS = 1 << 16;

  @Param({"1000", "10000", "100000"})
  public int depth;

  private EventQueue queue;
  private final long[] gaps = new long[GAPS];
  private int next;

  @Setup
  public void fill() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < GAPS; i++) {
      gaps[i] = 1 + (long) (-Math.log(1 - random.nextDouble()) * 600);
    }
    queue = new EventQueue();
    for (int i = 0; i < depth; i++) {
      queue.schedule(gaps[i & (GAPS - 1)] * (1 + i % 7), i % 5, i);
    }
  }

  @Benchmark
  public long holdStep() {
    queue.take();
    long time = queue.takenTime();
    queue.schedule(time + gaps[next++ & (GAPS - 1)], queue.takenKind(), queue.takenPayload());
    return time;
  }

  /** Events per second of CPU time and of wall time, per depth, printed as rounds end. */
  public static void main(String[] args) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int events = 20_000_000;
    for (int depth : new int[] {1_000, 10_000, 100_000}) {
      EventQueueBenchmark benchmark = new EventQueueBenchmark();
      benchmark.depth = depth;
      benchmark.fill();
      long sink = 0;
      for (int round = 0; round < 8; round++) {
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        for (int i = 0; i < events; i++) {
          sink += benchmark.holdStep();
        }
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        wall = System.nanoTime() - wall;
        if (round >= 3) {
          System.out.printf(
              "depth %,7d: %,.0f events/s of CPU time, %,.0f of wall time%n",
              depth, events * 1e9 / cpu, events * 1e9 / wall);
        }
      }
      if (sink == 42) {
        System.out.println(); // keeps the loop from being optimized away
      }
    }
  }
}
