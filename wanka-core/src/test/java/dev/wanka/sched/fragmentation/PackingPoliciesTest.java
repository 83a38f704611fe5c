package dev.wanka.sched.fragmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each policy of PROTOCOL §4 on small hand-drawn nodes. */
class PackingPoliciesTest {
  private static final SplittableRandom RANDOM = new SplittableRandom(42);

  private static int[] scores(PackingPolicy policy, PodRequest pod, GpuNode... nodes) {
    int[] scores = new int[nodes.length];
    policy.scoreFeasible(pod, nodes, nodes.length, scores, RANDOM);
    return scores;
  }

  private static GpuNode place(PackingPolicy policy, PodRequest pod, GpuNode... nodes) {
    int chosen = new PodPlacer(List.of(nodes), policy).place(pod, RANDOM);
    return nodes[chosen];
  }

  @Test
  void dotProductScoresTheFormulaAndPrefersTheLessAlignedNode() {
    GpuNode cpuRich = new GpuNode("cpu-rich", 0, 128_000, 1 << 20, 8, "G2");
    GpuNode cpuPoor = new GpuNode("cpu-poor", 1, 16_000, 1 << 20, 8, "G2");
    PodRequest pod = Nodes.whole(8_000, 4);
    // v_n · v_p = 1 · 0.0625 + 1 · 0.5 = 0.5625 → ⌊100 · (1 − 0.28125)⌋ = 71
    assertThat(new DotProductPolicy().score(cpuRich, pod)).isEqualTo(71);
    // 0.125 · 0.0625 + 1 · 0.5 = 0.5078125 → ⌊100 · 0.74609375⌋ = 74
    assertThat(new DotProductPolicy().score(cpuPoor, pod)).isEqualTo(74);
    assertThat(place(new DotProductPolicy(), pod, cpuRich, cpuPoor)).isSameAs(cpuPoor);
  }

  @Test
  void gpuClusteringKeepsPodsOfOneKindTogether() {
    GpuNode empty = new GpuNode("empty", 0, 96_000, 1 << 20, 8, "G2");
    GpuNode sharedOnly = new GpuNode("shared-only", 1, 96_000, 1 << 20, 8, "G2");
    sharedOnly.bind(Nodes.shared(0, 500), 0b1);
    GpuNode mixed = new GpuNode("mixed", 2, 96_000, 1 << 20, 8, "G2");
    mixed.bind(Nodes.shared(0, 500), 0b1);
    mixed.bind(Nodes.whole(0, 2), 0b110);
    GpuNode wholeOnly = new GpuNode("whole-only", 3, 96_000, 1 << 20, 8, "G2");
    wholeOnly.bind(Nodes.whole(0, 4), 0b1111);
    GpuClusteringPolicy policy = new GpuClusteringPolicy();
    PodRequest shared = Nodes.shared(1000, 200);
    // base = 25 · (8000 − G) div 8000: 0, 1 (500 used), 7 (2500 used), 12 (4000 used)
    assertThat(policy.score(empty, shared)).isEqualTo(0 + 25);
    assertThat(policy.score(sharedOnly, shared)).isEqualTo(1 + 75);
    assertThat(policy.score(mixed, shared)).isEqualTo(7 + 50);
    assertThat(policy.score(wholeOnly, shared)).isEqualTo(12);
    assertThat(place(policy, shared, empty, sharedOnly, mixed, wholeOnly)).isSameAs(sharedOnly);
    assertThat(policy.score(mixed, PodRequest.cpuOnly(1, 1))).isZero();
    // a small node is "fuller" in the base term: G = 2000 → 25 · 6000 div 8000 = 18
    assertThat(policy.score(new GpuNode("small", 4, 96_000, 1 << 20, 2, "T4"), shared))
        .isEqualTo(18 + 25);
  }

  @Test
  void gpuPackingPrefersAPartlyUsedGpuThenAPartlyUsedNodeThenASmallIdleNode() {
    GpuPackingPolicy policy = new GpuPackingPolicy();
    GpuNode idleEight = Nodes.node("idle-8", 0, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000);
    GpuNode idleTwo = Nodes.node("idle-2", 1, 1000, 1000);
    GpuNode partlyUsedNode = Nodes.node("partly-used-node", 2, 0, 1000, 1000, 1000);
    GpuNode partlyUsedGpu = Nodes.node("partly-used-gpu", 3, 600, 1000);
    PodRequest shared = Nodes.shared(1000, 500);
    assertThat(policy.score(idleEight, shared)).isEqualTo(33 - 8);
    assertThat(policy.score(idleTwo, shared)).isEqualTo(33 - 2);
    assertThat(policy.score(partlyUsedNode, shared)).isEqualTo(50 - 1);
    // chosen GPU has 600 free: 100 − ⌊⌊600 · 100 / 1000⌋ / 10⌋ = 94
    assertThat(policy.score(partlyUsedGpu, shared)).isEqualTo(94);
    assertThat(place(policy, shared, idleEight, idleTwo, partlyUsedNode, partlyUsedGpu))
        .isSameAs(partlyUsedGpu);
    assertThat(partlyUsedGpu.freeGpuMilli(0)).isEqualTo(100);
    // whole-GPU pods: idle GPUs chosen on a partly used node → max(50 − k, 33)
    assertThat(policy.score(partlyUsedNode, Nodes.whole(1000, 3))).isEqualTo(47);
    assertThat(policy.score(partlyUsedNode, PodRequest.cpuOnly(1, 1))).isZero();
    // a nearly full GPU: the floor of 50 does not bind, 100 − ⌊10 / 10⌋ = 99
    assertThat(policy.score(Nodes.node("tight", 4, 100, 1000), Nodes.shared(0, 100))).isEqualTo(99);
  }

  @Test
  void bestFitPicksTheTightestNodeAndNormalisesAcrossNodes() {
    BestFitPolicy policy = new BestFitPolicy();
    GpuNode loose = Nodes.node("loose", 0, 128_000, "G2", 1000, 1000, 1000, 1000);
    GpuNode middle = Nodes.node("middle", 1, 64_000, "G2", 1000, 1000);
    GpuNode tight = Nodes.node("tight", 2, 8_000, "G2", 1000);
    PodRequest pod = Nodes.whole(4000, 1);
    // raw = ⌊100 · (1 − [0.5 · (c − 4000) / 128000 + 0.5 · (G − 1000) / 8000])⌋:
    // loose ⌊32.81⌋, middle ⌊70.31⌋, tight ⌊98.44⌋; normalised (70 − 32) · 100 / 66 = 57
    assertThat(policy.score(loose, pod)).isEqualTo(32);
    assertThat(policy.score(middle, pod)).isEqualTo(70);
    assertThat(policy.score(tight, pod)).isEqualTo(98);
    assertThat(scores(policy, pod, loose, middle, tight)).containsExactly(0, 57, 100);
    assertThat(scores(policy, pod, middle, middle)).containsExactly(0, 0);
    assertThat(place(policy, pod, loose, middle, tight)).isSameAs(tight);
  }

  @Test
  void fgdPrefersTheNodeWhoseFragmentationGrowsLeast() {
    // typical pods: half shared 500-milli pods, half whole 1-GPU pods
    TypicalPods typical =
        TypicalPods.of(List.of(Nodes.shared(1000, 500), Nodes.whole(1000, 1)), 1.0);
    FgdPolicy policy = new FgdPolicy(typical);
    NodeFragmentation fragmentation = new NodeFragmentation(typical);
    GpuNode halfUsed = Nodes.node("half-used", 1, 500, 1000);
    GpuNode idle = Nodes.node("idle", 0, 1000, 1000);
    // F(half-used) = ½ · 0 + ½ · 500 (the 500 left on GPU 0 cannot take a whole-GPU pod)
    assertThat(fragmentation.of(halfUsed)).isEqualTo(250.0);
    assertThat(fragmentation.of(idle)).isEqualTo(0.0);
    PodRequest shared = Nodes.shared(1000, 500);
    // on half-used GPU 0: F' = 0, ΔF = 250 → ⌊100 σ(0.25)⌋ = 56; on idle: F' = 250 → 43
    assertThat(policy.score(halfUsed, shared)).isEqualTo(56);
    assertThat(policy.score(idle, shared)).isEqualTo(43);
    assertThat(place(policy, shared, idle, halfUsed)).isSameAs(halfUsed);
    assertThat(halfUsed.freeGpuMilli(0)).isZero();
    assertThat(halfUsed.freeGpuMilli(1)).isEqualTo(1000);
  }

  @Test
  void fgdGivesASharedPodTheGpuThatLeavesLeastFragmentation() {
    TypicalPods typical =
        TypicalPods.of(List.of(Nodes.shared(1000, 500), Nodes.whole(1000, 1)), 1.0);
    FgdPolicy policy = new FgdPolicy(typical);
    // GPU 1 has exactly 500 left: filling it leaves GPU 0 whole for the whole-GPU pods
    GpuNode node = Nodes.node("n", 0, 1000, 500, 1000);
    assertThat(policy.chooseGpus(node, Nodes.shared(1000, 500), RANDOM)).isEqualTo(1 << 1);
    // with equal scores the lowest index wins
    GpuNode twins = Nodes.node("twins", 0, 700, 700);
    assertThat(policy.chooseGpus(twins, Nodes.shared(1000, 300), RANDOM)).isEqualTo(1 << 0);
    // whole-GPU pods take the lowest-index idle GPUs; CPU-only pods none
    assertThat(policy.chooseGpus(node, Nodes.whole(0, 2), RANDOM)).isEqualTo(0b101);
    assertThat(policy.chooseGpus(node, PodRequest.cpuOnly(1, 1), RANDOM)).isZero();
  }

  @Test
  void fgdCountsCpuFragmentationForCpuOnlyPods() {
    // a CPU-only pod that leaves too little CPU for the whole-GPU typical pod strands the GPU
    TypicalPods typical = TypicalPods.of(List.of(Nodes.whole(8000, 1)), 1.0);
    FgdPolicy policy = new FgdPolicy(typical);
    GpuNode roomy = Nodes.node("roomy", 0, 64_000, "T4", 1000);
    GpuNode cramped = Nodes.node("cramped", 1, 12_000, "T4", 1000);
    PodRequest cpuPod = PodRequest.cpuOnly(6000, 1);
    assertThat(policy.score(roomy, cpuPod)).isEqualTo(50);
    // F goes 0 → 1000: ⌊100 σ(−1)⌋ = 26
    assertThat(policy.score(cramped, cpuPod)).isEqualTo(26);
    assertThat(place(policy, cpuPod, cramped, roomy)).isSameAs(roomy);
  }

  @Test
  void randomChoosesEveryFeasibleNodeAboutEquallyOften() {
    RandomPolicy policy = new RandomPolicy();
    GpuNode[] nodes = {
      Nodes.node("a", 0, 1000), Nodes.node("b", 1, 1000), Nodes.node("c", 2, 1000)
    };
    int[] wins = new int[nodes.length];
    SplittableRandom random = new SplittableRandom(7);
    int[] scores = new int[nodes.length];
    for (int i = 0; i < 3000; i++) {
      policy.scoreFeasible(Nodes.shared(0, 100), nodes, nodes.length, scores, random);
      for (int n = 0; n < nodes.length; n++) {
        if (scores[n] == PackingPolicy.MAX_SCORE) {
          wins[n]++;
        } else {
          assertThat(scores[n]).isEqualTo(PackingPolicy.MIN_SCORE);
        }
      }
    }
    assertThat(wins[0] + wins[1] + wins[2]).isEqualTo(3000);
    for (int win : wins) {
      assertThat(win).isBetween(900, 1100);
    }
  }

  @Test
  void policiesRespectModelConstraintsThroughTheFilter() {
    GpuNode t4 = Nodes.node("t4", 0, 96_000, "T4", 1000);
    GpuNode v100 = Nodes.node("v100", 1, 96_000, "V100M16", 1000);
    PodRequest pod = new PodRequest(1000, 0, 1, 1000, Set.of("V100M16"));
    assertThat(place(new GpuPackingPolicy(), pod, t4, v100)).isSameAs(v100);
  }
}
