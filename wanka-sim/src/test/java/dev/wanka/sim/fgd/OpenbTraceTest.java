package dev.wanka.sim.fgd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.sched.fragmentation.GpuNode;
import dev.wanka.sched.fragmentation.NodeFragmentation;
import dev.wanka.sched.fragmentation.PodRequest;
import dev.wanka.sched.fragmentation.TypicalPod;
import dev.wanka.sched.fragmentation.TypicalPods;
import dev.wanka.sim.trace.OpenbTrace;
import dev.wanka.spec.SpecException;
import dev.wanka.spec.SpecProblem;
import java.util.Locale;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class OpenbTraceTest {
  private static final String NODES =
      """
      sn,cpu_milli,memory_mib,gpu,model
      n0,64000,262144,2,P100
      n1,96000,786432,8,V100M32
      """;

  @Test
  void theDefaultTraceHas1213NodesWith6212GpusAnd8152Pods() {
    OpenbTrace trace = DefaultTrace.trace();
    assertThat(trace.workload()).isEqualTo("openb_pod_list_default");
    assertThat(trace.nodes()).hasSize(1213);
    assertThat(trace.totalGpus()).isEqualTo(6212);
    assertThat(trace.podsByName()).hasSize(8152);
    assertThat(trace.podsByName().get("openb-pod-0001"))
        .isEqualTo(new PodRequest(6000, 12288, 1, 460, Set.of()));
  }

  @Test
  void theDefaultTraceHas91ShapesOfWhich35AreTypicalCovering95Point26Percent() {
    TypicalPods typical = TypicalPods.of(DefaultTrace.trace().pods());
    assertThat(typical.totalPods()).isEqualTo(8152);
    assertThat(typical.distinctShapes()).isEqualTo(91);
    assertThat(typical.pods()).hasSize(35);
    assertThat(String.format(Locale.ROOT, "%.2f", 100 * typical.coveredFraction()))
        .isEqualTo("95.26");
    // the 34 most frequent shapes cover less than 95%
    int withoutLast = typical.coveredPods() - typical.pods().get(34).count();
    assertThat(withoutLast).isLessThan((int) Math.ceil(0.95 * 8152));
  }

  @Test
  void defaultTraceTypicalPodsMakeAnIdleEightGpuNodeFragmentedOnlyForCpuOnlyPods() {
    NodeFragmentation fragmentation =
        new NodeFragmentation(TypicalPods.of(DefaultTrace.trace().pods()));
    GpuNode idle = new GpuNode("idle", 0, 128_000, 393_216, 8, "G2");
    double cpuOnlyShare =
        fragmentation.typicalPods().pods().stream()
            .filter(TypicalPod::isCpuOnly)
            .mapToDouble(TypicalPod::probability)
            .sum();
    assertThat(cpuOnlyShare).isPositive();
    assertThat(fragmentation.of(idle)).isCloseTo(cpuOnlyShare * 8000, Offset.offset(1e-6));
  }

  @Test
  void podListsWithoutGpuSpecRunOnAnyModelAndClampSharesAsTheProtocolSays() {
    OpenbTrace trace =
        OpenbTrace.read(
            "nodes.csv",
            NODES,
            "lists/openb_pod_list_multigpu50.csv",
            """
            name,cpu_milli,memory_mib,num_gpu,gpu_milli
            a,4000,1024,1,1500
            b,4000,1024,0,500
            c,4000,1024,1,0
            d,8000,1024,2,1000
            """);
    assertThat(trace.workload()).isEqualTo("openb_pod_list_multigpu50");
    assertThat(trace.totalGpus()).isEqualTo(10);
    assertThat(trace.podsByName().get("a").gpuMilliPerGpu()).isEqualTo(1000);
    assertThat(trace.podsByName().get("a").allowedGpuModels()).isEmpty();
    assertThat(trace.podsByName().get("b").isCpuOnly()).isTrue();
    assertThat(trace.podsByName().get("c").isCpuOnly()).isTrue();
    assertThat(trace.podsByName().get("d").totalGpuMilli()).isEqualTo(2000);
  }

  @Test
  void everyBadFieldIsReportedWithItsLine() {
    assertThatThrownBy(
            () ->
                OpenbTrace.read(
                    "nodes.csv",
                    NODES + "n1,64000,1024,99,T4\nn3,x,1024,0,\n",
                    "pods.csv",
                    "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec\np,1,1,1,100,\n"))
        .isInstanceOf(SpecException.class)
        .satisfies(
            e -> {
              var problems = ((SpecException) e).problems();
              assertThat(problems)
                  .extracting(SpecProblem::field)
                  .contains("gpu", "sn", "cpu_milli");
              assertThat(problems.get(0).at().line()).isEqualTo(4);
              assertThat(problems.get(0).message()).contains("'99'", "0 to 32");
            });
    assertThatThrownBy(
            () ->
                OpenbTrace.read(
                    "nodes.csv", NODES, "pods.csv", "name,cpu_milli,memory_mib,num_gpu\np,1,1,1\n"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("missing column 'gpu_milli'");
    assertThatThrownBy(
            () ->
                OpenbTrace.read(
                    "nodes.csv",
                    NODES,
                    "pods.csv",
                    "name,cpu_milli,memory_mib,num_gpu,gpu_milli\np,1,1,1,100\np,2,2,1,100\n"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("'p' appears twice");
  }
}
