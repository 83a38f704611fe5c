package dev.wanka.sim.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.catalog.Catalog;
import dev.wanka.sched.cycle.SchedulerPolicy;
import dev.wanka.sim.scenario.ScenarioRunner;
import dev.wanka.sim.trace.TiresiasTrace;
import dev.wanka.sim.trace.TraceMapping;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpecReader;
import dev.wanka.workload.AcceleratorChoice;
import dev.wanka.workload.PriorityClass;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The twin's progress hook: every k cycles, the virtual time and the jobs completed. */
class TwinProgressTest {
  @Test
  void theHookHearsEveryKthCycleWithTheTimeAndTheJobsCompleted() {
    Cluster cluster =
        Cluster.build(
            ClusterSpecReader.read(
                "one.yaml",
                """
                name: one
                fabric: {tiers: 2, layout: rail-optimized, nodesPerLeaf: 1}
                pools:
                  - {name: h100, accelerator: h100-sxm, nodes: 1, devicesPerNode: 8}
                """,
                Catalog.bundled()));
    // three 8-device jobs of 100 s submitted at 0: one cycle at each of 0, 100, 200 and 300
    List<SimJob> jobs =
        new TraceMapping(
                List.of(AcceleratorChoice.of("h100-sxm")),
                "default",
                "default",
                PriorityClass.preemptible("n", 0, 0),
                1,
                false)
            .map(
                TiresiasTrace.read(
                    "t.csv",
                    """
                    job_id,num_gpu,submit_time,model_name,duration
                    1,8,0,m,100
                    2,8,0,m,100
                    3,8,0,m,100
                    """))
            .jobs();
    List<long[]> heard = new ArrayList<>();
    Twin twin =
        new Twin(
            cluster,
            ScenarioRunner.openConfig(cluster, "default"),
            SchedulerPolicy.defaults(),
            1,
            jobs);
    twin.reportingProgress(
        2, (now, completed, total) -> heard.add(new long[] {now, completed, total}));
    assertThat(twin.run(10_000).cycles()).isEqualTo(4);
    assertThat(heard).containsExactly(new long[] {100, 1, 3}, new long[] {300, 3, 3});
    assertThatThrownBy(() -> twin.reportingProgress(0, (now, completed, total) -> {}))
        .hasMessage("everyCycles: 0 is not allowed: must be >= 1");
  }
}
