package dev.wanka.sched.bench;

import dev.wanka.sched.cycle.CycleResult;
import dev.wanka.topology.Cluster;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Runs both scheduler measurements with a clock its caller hands it (nanoseconds, as {@code
 * System::nanoTime}); the timed regions hold only {@link dev.wanka.sched.cycle.Scheduler#cycle}
 * calls.
 *
 * <ol>
 *   <li><b>Single-node placements per second</b> ({@link SingleNodeScenario}): per round a fresh
 *       scheduler on the cluster, made {@link Options#singleNodeBusy} busy, {@code pending}
 *       single-node jobs submitted; timed: the cycles until one starts nothing. {@code
 *       placementsPerSecond} is all measured rounds' placements over their summed cycle time.
 *   <li><b>Gang latency</b> ({@link GangScenario}): one scheduler, {@link Options#gangBusy} busy
 *       with random single-node work, {@code pending} mixed jobs waiting; timed: the one cycle that
 *       places the gang, {@code repetitions} times (the gang ended between repetitions). p50 and
 *       p99 are nearest-rank percentiles of those cycle times.
 * </ol>
 *
 * Warm-up rounds and repetitions run the same code untimed first, so that a fresh JVM has compiled
 * it. Pure: no clock, threads or I/O of its own.
 */
public final class SchedulerBench {
  public static final int DEFAULT_DEVICES = 100_000;
  public static final int DEFAULT_PENDING = 10_000;
  public static final long DEFAULT_SEED = 1;
  public static final int DEFAULT_REPETITIONS = 100;
  public static final int MAX_PENDING = 1_000_000;
  public static final int MAX_REPETITIONS = 100_000;

  /** The targets (at 100,000 devices and 10,000 pending). */
  public static final double TARGET_PLACEMENTS_PER_SECOND = 5_000;

  public static final double TARGET_GANG_P99_MILLIS = 50;

  private SchedulerBench() {}

  /**
   * What to run.
   *
   * @param devices cluster size, whole nodes of 8 ({@link BenchCluster#problem})
   * @param pending jobs pending in both measurements
   * @param seed seeds every random choice
   * @param repetitions timed gang cycles
   * @param warmupRepetitions untimed gang cycles first
   * @param singleNodeRounds timed single-node rounds
   * @param warmupRounds untimed single-node rounds first
   * @param singleNodeBusy busy share of the cluster before a single-node round
   * @param gangBusy busy share of the cluster under the gang
   * @param gangDevices the gang's size
   */
  public record Options(
      int devices,
      int pending,
      long seed,
      int repetitions,
      int warmupRepetitions,
      int singleNodeRounds,
      int warmupRounds,
      double singleNodeBusy,
      double gangBusy,
      int gangDevices) {
    public Options {
      String problem = BenchCluster.problem(devices);
      if (problem != null) {
        throw new IllegalArgumentException("devices: " + problem);
      }
      range("pending", pending, 1, MAX_PENDING);
      range("repetitions", repetitions, 1, MAX_REPETITIONS);
      range("warmupRepetitions", warmupRepetitions, 0, MAX_REPETITIONS);
      range("singleNodeRounds", singleNodeRounds, 1, 1_000);
      range("warmupRounds", warmupRounds, 0, 1_000);
    }

    /**
     * The defaults for a cluster: 30% busy before the single-node rounds (1 warm-up, 3 timed), 70%
     * busy under the gang ({@link GangScenario#gangDevicesFor}: 8,192 devices from 81,920 devices
     * up), a fifth of the repetitions (at least 5) as warm-up.
     */
    public static Options of(int devices, int pending, long seed, int repetitions) {
      String problem = BenchCluster.problem(devices);
      if (problem != null) {
        throw new IllegalArgumentException("devices: " + problem);
      }
      return new Options(
          devices,
          pending,
          seed,
          repetitions,
          Math.max(20, repetitions / 2),
          3,
          1,
          0.3,
          0.7,
          GangScenario.gangDevicesFor(devices));
    }

    private static void range(String field, long value, long min, long max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s: '%d' is not allowed: must be a whole number from %d to %d",
                field,
                value,
                min,
                max));
      }
    }
  }

  /**
   * What was measured.
   *
   * @param placements single-node gangs started in the timed rounds
   * @param placementNanos their summed cycle time
   * @param placementCycles cycles in the timed rounds
   * @param singleNodeBusy the busy share before a single-node round, as reached
   * @param gangBusy the busy share under the gang, as reached
   * @param gangScope "spine" (required within one spine group) or "pool"
   * @param gangNanos each timed gang cycle, in the order run
   */
  public record Result(
      Options options,
      long placements,
      long placementNanos,
      int placementCycles,
      double singleNodeBusy,
      double gangBusy,
      String gangScope,
      long[] gangNanos) {
    public Result {
      gangNanos = gangNanos.clone();
    }

    @Override
    public long[] gangNanos() {
      return gangNanos.clone();
    }

    public double placementsPerSecond() {
      return placements * 1e9 / Math.max(1, placementNanos);
    }

    public double gangP50Millis() {
      return percentileMillis(50);
    }

    public double gangP99Millis() {
      return percentileMillis(99);
    }

    public double gangMaxMillis() {
      return percentileMillis(100);
    }

    /** Nearest rank: the smallest time at least {@code p} percent of the cycles took no longer. */
    public double percentileMillis(double p) {
      long[] sorted = gangNanos.clone();
      Arrays.sort(sorted);
      int rank = (int) Math.ceil(p / 100.0 * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)] / 1e6;
    }

    public boolean meetsPlacementTarget() {
      return placementsPerSecond() >= TARGET_PLACEMENTS_PER_SECOND;
    }

    public boolean meetsGangTarget() {
      return gangP99Millis() <= TARGET_GANG_P99_MILLIS;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Result r
          && r.options.equals(options)
          && r.placements == placements
          && r.placementNanos == placementNanos
          && Arrays.equals(r.gangNanos, gangNanos);
    }

    @Override
    public int hashCode() {
      return options.hashCode() * 31 + Arrays.hashCode(gangNanos);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%,.0f placements/s; gang p50 %.3f ms, p99 %.3f ms",
          placementsPerSecond(),
          gangP50Millis(),
          gangP99Millis());
    }
  }

  /**
   * Runs both measurements.
   *
   * @param nanoTime the clock, in nanoseconds
   * @param progress told what runs next, a few dozen times per run
   */
  public static Result run(Options options, LongSupplier nanoTime, Consumer<String> progress) {
    SplittableRandom seeds = new SplittableRandom(options.seed());
    progress.accept(String.format(Locale.ROOT, "building %,d devices", options.devices()));
    Cluster cluster = BenchCluster.build(options.devices());

    long placements = 0;
    long placementNanos = 0;
    int cycles = 0;
    double singleNodeBusy = 0;
    int rounds = options.warmupRounds() + options.singleNodeRounds();
    for (int round = 0; round < rounds; round++) {
      boolean timed = round >= options.warmupRounds();
      progress.accept(
          String.format(
              Locale.ROOT,
              "single-node round %d of %d%s",
              round + 1,
              rounds,
              timed ? "" : " (warm-up)"));
      SingleNodeScenario scenario =
          new SingleNodeScenario(
              cluster, options.pending(), seeds.nextLong(), options.singleNodeBusy());
      singleNodeBusy = scenario.busyFraction();
      scenario.submitPending();
      long start = nanoTime.getAsLong();
      int placed = scenario.placeAll();
      long elapsed = nanoTime.getAsLong() - start;
      if (timed) {
        placements += placed;
        placementNanos += elapsed;
        cycles += scenario.cycles();
      }
    }

    progress.accept(
        String.format(
            Locale.ROOT,
            "making %.0f%% of the cluster busy, %,d jobs pending",
            options.gangBusy() * 100,
            options.pending()));
    GangScenario gangs =
        new GangScenario(
            cluster,
            options.pending(),
            seeds.nextLong(),
            options.gangBusy(),
            options.gangDevices());
    long[] gangNanos = new long[options.repetitions()];
    int total = options.warmupRepetitions() + options.repetitions();
    int every = Math.max(1, total / 4);
    for (int rep = 0; rep < total; rep++) {
      if (rep % every == 0) {
        progress.accept(
            String.format(
                Locale.ROOT,
                "%,d-device gang, repetition %d of %d",
                options.gangDevices(),
                rep + 1,
                total));
      }
      gangs.submitGang();
      long start = nanoTime.getAsLong();
      CycleResult result = gangs.cycle();
      long elapsed = nanoTime.getAsLong() - start;
      gangs.checkGangStarted(result);
      gangs.finishGang();
      if (rep >= options.warmupRepetitions()) {
        gangNanos[rep - options.warmupRepetitions()] = elapsed;
      }
    }
    return new Result(
        options,
        placements,
        placementNanos,
        cycles,
        singleNodeBusy,
        gangs.busyFraction(),
        gangs.scope(),
        gangNanos);
  }
}
