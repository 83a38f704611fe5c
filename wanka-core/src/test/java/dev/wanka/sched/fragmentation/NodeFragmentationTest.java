package dev.wanka.sched.fragmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class NodeFragmentationTest {
  /** Typical pods: a CPU-only pod, a V100-only shared pod, a 2-GPU pod and a 300-milli pod. */
  private static final TypicalPods TYPICAL =
      TypicalPods.of(
          List.of(
              PodRequest.cpuOnly(4000, 0),
              new PodRequest(2000, 0, 1, 600, Set.of("V100M16")),
              Nodes.whole(16_000, 2),
              Nodes.shared(1000, 300)),
          1.0);

  @Test
  void fragmentationIsTheIdleMilliEachTypicalPodCannotUseWeightedByItsProbability() {
    NodeFragmentation fragmentation = new NodeFragmentation(TYPICAL);
    GpuNode node = Nodes.node("n", 0, 32_000, "T4", 200, 1000, 1000, 700);
    // G = 2900. CPU-only: G. V100-only on a T4: G. 2-GPU: two idle GPUs, CPU fits → 200 + 700.
    // 300-milli: three GPUs fit → the 200 left on GPU 0.
    double expected = 0.25 * 2900 + 0.25 * 2900 + 0.25 * 900 + 0.25 * 200;
    assertThat(fragmentation.of(node)).isEqualTo(expected);
    // with 12,000 CPU milli the 2-GPU pod (16,000) no longer fits: its term becomes G
    GpuNode lowCpu = Nodes.node("low-cpu", 0, 12_000, "T4", 200, 1000, 1000, 700);
    assertThat(fragmentation.of(lowCpu)).isEqualTo(0.25 * (2900 + 2900 + 2900 + 200));
    assertThat(fragmentation.ofCluster(List.of(node, lowCpu)))
        .isEqualTo(fragmentation.of(node) + fragmentation.of(lowCpu));
    // a full node has nothing left to fragment
    assertThat(fragmentation.of(Nodes.node("full", 0, 32_000, "T4", 0, 0))).isZero();
  }

  /** A random node state: 0-8 GPUs, some pods bound, and a random pod that fits it. */
  record Scenario(
      GpuNode node, PodRequest pod, int gpuMask, List<PodRequest> history, int[] masks) {}

  @Provide
  Arbitrary<Scenario> scenarios() {
    return Arbitraries.randomValue(
        random -> {
          int gpus = random.nextInt(9);
          int cpu = 1000 * (1 + random.nextInt(64));
          String model = random.nextBoolean() ? "V100M16" : "T4";
          GpuNode node = new GpuNode("n", 0, cpu, 1 << 20, gpus, model);
          List<PodRequest> history = new ArrayList<>();
          List<Integer> masks = new ArrayList<>();
          for (int i = 0; i < 12; i++) {
            PodRequest pod = randomPod(random, gpus);
            if (FeasibilityFilter.admits(node, pod)) {
              int mask = GpuAssignment.random(node, pod, new SplittableRandom(i));
              node.bind(pod, mask);
              history.add(pod);
              masks.add(mask);
            }
          }
          PodRequest pod = randomPod(random, gpus);
          while (!FeasibilityFilter.admits(node, pod)) {
            pod = PodRequest.cpuOnly(0, 0);
          }
          int mask = GpuAssignment.random(node, pod, new SplittableRandom(99));
          return new Scenario(
              node, pod, mask, history, masks.stream().mapToInt(Integer::intValue).toArray());
        });
  }

  private static PodRequest randomPod(Random random, int gpus) {
    int cpu = 500 * random.nextInt(16);
    switch (random.nextInt(3)) {
      case 0:
        return PodRequest.cpuOnly(cpu, 0);
      case 1:
        return Nodes.shared(cpu, 10 * (1 + random.nextInt(100)));
      default:
        return Nodes.whole(cpu, 1 + random.nextInt(Math.max(1, gpus)));
    }
  }

  /** What-if measurement equals measuring the node after really binding the pod, bit for bit. */
  @Property(tries = 300, seed = "20250611")
  void afterPlacingEqualsMeasuringTheBoundNode(@ForAll("scenarios") Scenario scenario) {
    NodeFragmentation fragmentation = new NodeFragmentation(TYPICAL);
    double predicted =
        fragmentation.afterPlacing(scenario.node(), scenario.pod(), scenario.gpuMask());
    GpuNode copy = replay(scenario);
    copy.bind(scenario.pod(), scenario.gpuMask());
    assertThat(fragmentation.of(copy)).isEqualTo(predicted);
  }

  /** FGD's remembered scores equal scores computed afresh, whatever was bound in between. */
  @Property(tries = 300, seed = "20250612")
  void fgdRememberedScoresEqualFreshScores(@ForAll("scenarios") Scenario scenario) {
    FgdPolicy remembering = new FgdPolicy(TYPICAL);
    GpuNode node =
        new GpuNode(
            "n",
            0,
            scenario.node().cpuCapacityMilli(),
            1 << 20,
            scenario.node().gpuCount(),
            scenario.node().gpuModel());
    // resources only shrink, so a pod the final state admits is admitted by every earlier state
    for (int i = 0; i < scenario.history().size(); i++) {
      for (int repeat = 0; repeat < 2; repeat++) {
        assertThat(remembering.score(node, scenario.pod()))
            .isEqualTo(new FgdPolicy(TYPICAL).computeScore(node, scenario.pod()));
      }
      node.bind(scenario.history().get(i), scenario.masks()[i]);
    }
    assertThat(remembering.score(node, scenario.pod()))
        .isEqualTo(new FgdPolicy(TYPICAL).computeScore(node, scenario.pod()));
  }

  private static GpuNode replay(Scenario scenario) {
    GpuNode original = scenario.node();
    GpuNode copy =
        new GpuNode(
            "copy",
            0,
            original.cpuCapacityMilli(),
            original.memoryCapacityMib(),
            original.gpuCount(),
            original.gpuModel());
    for (int i = 0; i < scenario.history().size(); i++) {
      copy.bind(scenario.history().get(i), scenario.masks()[i]);
    }
    return copy;
  }
}
