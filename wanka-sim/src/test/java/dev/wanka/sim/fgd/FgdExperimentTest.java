package dev.wanka.sim.fgd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.sched.fragmentation.PodRequest;
import dev.wanka.sim.trace.OpenbTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FgdExperimentTest {
  private static final String NODES =
      "sn,cpu_milli,memory_mib,gpu,model\nn0,32000,65536,2,T4\nn1,32000,65536,2,T4\n";

  @Test
  void seededOrdersAreInflatedUntilTheNextPodWouldPassTheTarget() {
    OpenbTrace trace =
        OpenbTrace.read(
            "nodes.csv",
            NODES,
            "pods.csv",
            "name,cpu_milli,memory_mib,num_gpu,gpu_milli\na,1000,1,1,500\nb,1000,1,2,1000\n");
    ArrivalOrder order = FgdExperiment.seededOrders(trace, List.of(7), 1.3).get(7);
    long requested = order.pods().stream().mapToLong(PodRequest::totalGpuMilli).sum();
    // 4 GPUs x 1.3 = 5,200 milli: clones are added while the running total plus the clone's
    // per-GPU share stays within it
    assertThat(requested).isBetween(5200L - 1000, 5200L + 1000);
    assertThat(order.pods().subList(0, 2))
        .containsExactlyInAnyOrder(trace.podsByName().get("a"), trace.podsByName().get("b"));
    assertThat(order.nodeRanks()).containsOnlyKeys("n0", "n1");
    assertThat(FgdExperiment.seededOrders(trace, List.of(7), 1.3).get(7)).isEqualTo(order);
  }

  @Test
  void aTraceWithoutGpuPodsIsRefusedRatherThanInflatedForever() {
    OpenbTrace cpuOnly =
        OpenbTrace.read(
            "nodes.csv",
            NODES,
            "pods.csv",
            "name,cpu_milli,memory_mib,num_gpu,gpu_milli\na,1,1,0,0\n");
    assertThatThrownBy(() -> FgdExperiment.seededOrders(cpuOnly, List.of(1), 1.3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workload.trace.path")
        .hasMessageContaining("no pod");
  }

  @Test
  void anInflationBelowWhatTheTraceAloneRequestsIsRefused() {
    OpenbTrace trace =
        OpenbTrace.read(
            "nodes.csv",
            NODES,
            "pods.csv",
            "name,cpu_milli,memory_mib,num_gpu,gpu_milli\na,1000,1,2,1000\nb,1000,1,1,1000\n");
    // 3 of 4 GPUs requested by the pods themselves
    assertThatThrownBy(() -> FgdExperiment.seededOrders(trace, List.of(1), 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workload.inflation: 0.5 is not allowed")
        .hasMessageContaining("0.750 times the GPU capacity");
    assertThat(FgdExperiment.seededOrders(trace, List.of(1), 0.75)).hasSize(1);
  }

  @Test
  void theResultDoesNotDependOnHowManyThreadsRanIt() {
    OpenbTrace trace = DefaultTrace.trace();
    Map<Integer, ArrivalOrder> orders = FgdExperiment.seededOrders(trace, List.of(1, 2), 1.3);
    FgdExperiment experiment = new FgdExperiment(trace, FgdExperiment.Orders.SEEDED, orders);
    List<String> policies = List.of("Random", "FGD");
    List<SeedRun> finished = new ArrayList<>();
    List<PolicyCurves> one = experiment.runAll(policies, 1, finished::add);
    List<PolicyCurves> two = experiment.runAll(policies, 2, run -> {});
    assertThat(finished).hasSize(4);
    for (int p = 0; p < policies.size(); p++) {
      assertThat(two.get(p).policy()).isEqualTo(policies.get(p));
      for (int s = 0; s < 2; s++) {
        assertThat(two.get(p).runs().get(s).allocationPct())
            .containsExactly(one.get(p).runs().get(s).allocationPct());
        assertThat(two.get(p).runs().get(s).seed()).isEqualTo(s + 1);
      }
    }
    assertThat(one.get(1).meanAllocationPct()[130])
        .isGreaterThan(one.get(0).meanAllocationPct()[130]);
  }
}
