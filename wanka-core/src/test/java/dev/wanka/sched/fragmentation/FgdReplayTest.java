package dev.wanka.sched.fragmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Reproduces the FGD paper's published default-trace curves (Weng et al., USENIX ATC'23; the
 * simulator's {@code experiments/analysis/expected_results}) for the five deterministic policies on
 * all ten seeds, replaying the simulator's own pod orders and node ranks (PROTOCOL §2.6, §3, §6,
 * §7): allocation and fragmentation columns 0..85 must be equal, 86..130 within 0.05 percentage
 * points. The table printed gives the largest deviation per run and its time; the 50 runs take
 * about 15 s on two cores.
 */
class FgdReplayTest {
  static final List<Function<TypicalPods, PackingPolicy>> DETERMINISTIC =
      List.of(
          typical -> new DotProductPolicy(),
          typical -> new GpuClusteringPolicy(),
          typical -> new GpuPackingPolicy(),
          typical -> new BestFitPolicy(),
          FgdPolicy::new);

  static FgdReplay.Run replay(
      OpenbTrace trace, PackingPolicy policy, TypicalPods typical, int seed) {
    return FgdReplay.run(
        policy.name(),
        seed,
        policy,
        trace.freshNodes(trace.nodeRanks(seed)),
        trace.workload(seed),
        typical,
        new SplittableRandom(seed));
  }

  @Test
  void deterministicPoliciesReproduceThePublishedCurvesOnAllTenSeeds() {
    OpenbTrace trace = OpenbTrace.load();
    TypicalPods typical = TypicalPods.of(trace.pods());
    PublishedCurves allocation = PublishedCurves.allocation();
    PublishedCurves fragmentation = PublishedCurves.fragmentation();
    List<String> problems = new ArrayList<>();
    StringBuilder table = new StringBuilder(ReplayComparison.header()).append('\n');
    for (Function<TypicalPods, PackingPolicy> factory : DETERMINISTIC) {
      for (int seed = OpenbTrace.FIRST_SEED; seed <= OpenbTrace.LAST_SEED; seed++) {
        long start = System.nanoTime();
        FgdReplay.Run run = replay(trace, factory.apply(typical), typical, seed);
        long millis = (System.nanoTime() - start) / 1_000_000;
        ReplayComparison comparison = ReplayComparison.of(run, allocation, fragmentation);
        problems.addAll(comparison.problems());
        table.append(comparison.row()).append("  ").append(millis).append(" ms\n");
      }
    }
    System.out.println(table);
    assertThat(problems).isEmpty();
  }
}
