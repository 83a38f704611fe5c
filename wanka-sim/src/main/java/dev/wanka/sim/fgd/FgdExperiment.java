package dev.wanka.sim.fgd;

import dev.wanka.sched.fragmentation.GpuNode;
import dev.wanka.sched.fragmentation.PodRequest;
import dev.wanka.sched.fragmentation.TypicalPods;
import dev.wanka.sim.trace.OpenbTrace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The FGD paper's experiment (Weng et al., USENIX ATC'23) as PROTOCOL.md restates it: for each
 * policy and seed, the seed's pods arrive one at a time on the empty openb cluster and are placed
 * by the scheduler core's packing policy or dropped; the curves are the allocated against the
 * requested share of GPU capacity. Runs go in parallel on {@code threads} threads; the result does
 * not depend on how many.
 */
public final class FgdExperiment {
  /** Where each seed's arrival order and node ranks come from. */
  public enum Orders {
    /** The FGD simulator's own, shipped with the trace: deterministic runs match it per seed. */
    REPLAYED,
    /** Wanka's seeded generator (PROTOCOL §2): comparable with the simulator only statistically. */
    SEEDED
  }

  private final OpenbTrace trace;
  private final TypicalPods typicalPods;
  private final Orders orders;
  private final Map<Integer, ArrivalOrder> orderOfSeed;

  /**
   * @param orderOfSeed the arrival order of every seed to run, in seed order
   * @throws IllegalArgumentException if the trace has no GPU pod
   */
  public FgdExperiment(OpenbTrace trace, Orders orders, Map<Integer, ArrivalOrder> orderOfSeed) {
    this.trace = trace;
    this.typicalPods = TypicalPods.of(trace.pods());
    this.orders = orders;
    this.orderOfSeed = new LinkedHashMap<>(orderOfSeed);
  }

  /**
   * Wanka's seeded orders for the seeds: each from its own stream of {@code new
   * SplittableRandom(seed)}, inflated until {@code inflation} times the GPU capacity is requested.
   *
   * @throws IllegalArgumentException if no pod of the trace asks for a GPU (inflation would never
   *     end), or {@code inflation} is below what the trace's pods request on their own (all of them
   *     arrive, so the experiment could not stop there)
   */
  public static Map<Integer, ArrivalOrder> seededOrders(
      OpenbTrace trace, List<Integer> seeds, double inflation) {
    if (trace.pods().stream().allMatch(PodRequest::isCpuOnly)) {
      throw new IllegalArgumentException(
          "workload.trace.path: no pod of " + trace.workload() + " asks for a GPU");
    }
    double own =
        trace.pods().stream().mapToLong(PodRequest::totalGpuMilli).sum()
            / (trace.totalGpus() * (double) GpuNode.MILLI_PER_GPU);
    if (inflation < own) {
      throw new IllegalArgumentException(
          String.format(
              java.util.Locale.ROOT,
              "workload.inflation: %s is not allowed: the pods of %s alone request %.3f times the"
                  + " GPU capacity, and every one of them arrives; give at least that",
              inflation,
              trace.workload(),
              own));
    }
    Map<Integer, ArrivalOrder> orders = new LinkedHashMap<>();
    for (int seed : seeds) {
      orders.put(
          seed, SeededWorkload.generate(trace, inflation, new SplittableRandom(seed).split()));
    }
    return orders;
  }

  /** The policy's randomness in a run: apart from the stream its seeded order was drawn from. */
  private SplittableRandom policyRandom(int seed) {
    if (orders == Orders.REPLAYED) {
      return new SplittableRandom(seed);
    }
    SplittableRandom root = new SplittableRandom(seed);
    root.split(); // the seeded order's stream
    return root.split();
  }

  public OpenbTrace trace() {
    return trace;
  }

  public Orders orders() {
    return orders;
  }

  public List<Integer> seeds() {
    return List.copyOf(orderOfSeed.keySet());
  }

  /** One run. */
  public SeedRun run(String policy, int seed) {
    ArrivalOrder order = orderOfSeed.get(seed);
    if (order == null) {
      throw new IllegalArgumentException("seed " + seed + " has no arrival order");
    }
    return SeedRun.of(
        FgdReplay.run(
            policy,
            seed,
            PackingPolicies.create(policy, typicalPods),
            order.freshNodes(trace),
            order.pods(),
            typicalPods,
            policyRandom(seed)));
  }

  /**
   * Every policy on every seed.
   *
   * @param policies the paper's names, see {@link PackingPolicies}
   * @param threads how many runs at once, at least 1
   * @param finished told of each run as it ends (from the thread that ran it, one at a time)
   */
  public List<PolicyCurves> runAll(List<String> policies, int threads, Consumer<SeedRun> finished) {
    List<Integer> seeds = seeds();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<SeedRun>> futures = new ArrayList<>();
      for (String policy : policies) {
        for (int seed : seeds) {
          futures.add(
              pool.submit(
                  () -> {
                    SeedRun run = run(policy, seed);
                    synchronized (finished) {
                      finished.accept(run);
                    }
                    return run;
                  }));
        }
      }
      List<PolicyCurves> curves = new ArrayList<>();
      for (int p = 0; p < policies.size(); p++) {
        List<SeedRun> runs = new ArrayList<>();
        for (int s = 0; s < seeds.size(); s++) {
          runs.add(futures.get(p * seeds.size() + s).get());
        }
        curves.add(new PolicyCurves(policies.get(p), runs));
      }
      return curves;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
