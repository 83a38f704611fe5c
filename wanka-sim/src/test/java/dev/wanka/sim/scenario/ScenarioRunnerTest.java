package dev.wanka.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.catalog.Catalog;
import dev.wanka.sim.trace.Trace;
import dev.wanka.sim.trace.TraceJob;
import dev.wanka.sim.twin.JobOutcome;
import dev.wanka.sim.twin.TwinResult;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpecReader;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

class ScenarioRunnerTest {
  /** 4 nodes of 8 H100 and 4 of 8 A100, two nodes per leaf. */
  private static final Cluster MIXED =
      Cluster.build(
          ClusterSpecReader.read(
              "mixed.yaml",
              """
              name: mixed
              fabric: {tiers: 2, layout: rail-optimized, nodesPerLeaf: 2}
              pools:
                - {name: h100, accelerator: h100-sxm, nodes: 4, devicesPerNode: 8}
                - {name: a100, accelerator: a100-sxm-80gb, nodes: 4, devicesPerNode: 8}
              """,
              Catalog.bundled()));

  private static final LongFunction<Trace> TWO_JOBS =
      seed ->
          new Trace(
              "t.csv",
              List.of(
                  new TraceJob("a", 0, 32, 0, 1000, "", ""),
                  new TraceJob("b", 0, 32, 0, 1000, "", "")),
              0);

  private static ScenarioResult run(String yaml, LongFunction<Trace> trace) {
    Scenario scenario = ScenarioReader.read("s.yaml", "name: s\ncluster: c.yaml\n" + yaml);
    return ScenarioRunner.run(
        scenario,
        MIXED,
        ScenarioRunner.openConfig(MIXED, ScenarioRunner.DEFAULT_QUEUE),
        trace,
        run -> {});
  }

  @Test
  void traceJobsAcceptingTwoTypesRunSlowerOnTheSlowerOne() {
    // two jobs of 32 fill one pool each: the H100s run 1,000 s, the A100s 1,000 x 989 / 312
    TwinResult result =
        run(
                """
                workload:
                  trace: {format: philly, path: t.csv}
                  accelerators: [h100-sxm, a100-sxm-80gb]
                """,
                TWO_JOBS)
            .runs()
            .get(0)
            .result();
    assertThat(result.jobs())
        .extracting(o -> o.endSeconds().getAsLong())
        .containsExactlyInAnyOrder(1000L, 3170L);
    // with the first type only, the second job waits for the first
    TwinResult h100Only =
        run("workload: {trace: {format: philly, path: t.csv}, accelerator: h100-sxm}\n", TWO_JOBS)
            .runs()
            .get(0)
            .result();
    assertThat(h100Only.jobs())
        .extracting(o -> o.endSeconds().getAsLong())
        .containsExactly(1000L, 2000L);
  }

  @Test
  void llmJobsRunForTheirTokensAndAreCheckedOnEveryTypeTheyAccept() {
    ScenarioResult result =
        run(
            """
            workload:
              accelerators: [h100-sxm, a100-sxm-80gb]
              llm:
                - {model: llama3-8b, tokens: 1.0e9, devices: 16, tp: 2, globalBatch: 256}
            failures: {model: llama3, scale: 0}
            """,
            seed -> {
              throw new AssertionError("no trace is read");
            });
    assertThat(result.jobs()).isEqualTo(1);
    JobOutcome job = result.runs().get(0).result().jobs().get(0);
    assertThat(job.completed()).isTrue();
    assertThat(job.durationSeconds()).isPositive();
    String tooLarge =
        """
        workload:
          accelerators: [h100-sxm, a100-sxm-80gb]
          llm:
            - {model: llama3-70b, tokens: 1.0e9, devices: 16, tp: 2, globalBatch: 256}
        """;
    assertThatThrownBy(() -> run(tooLarge, TWO_JOBS))
        .hasMessageStartingWith("workload.llm[0]: llama3-70b at tp 2 pp 1, micro-batch 1,")
        .hasMessageContaining("GB per device on h100-sxm, more than its")
        .hasMessageEndingWith("raise tp or pp, or use recompute: full");
    String wideTp =
        """
        workload:
          llm:
            - {model: llama3-8b, tokens: 1.0e9, devices: 16, tp: 16, globalBatch: 256}
        """;
    assertThatThrownBy(() -> run(wideTp, TWO_JOBS))
        .hasMessageStartingWith(
            "workload.llm[0].tp: 16 is more than the 8 devices of one scale-up domain of h100-sxm");
    String batch =
        """
        workload:
          llm:
            - {model: llama3-8b, tokens: 1.0e9, devices: 16, tp: 2, globalBatch: 12}
        """;
    assertThatThrownBy(() -> run(batch, TWO_JOBS))
        .hasMessageStartingWith("workload.llm[0].globalBatch: 12 must be a multiple of")
        .hasMessageEndingWith("(on h100-sxm)");
  }

  @Test
  void aSpeedForATypeTheJobsDoNotAcceptIsRefused() {
    assertThatThrownBy(
            () ->
                run(
                    """
                    workload: {trace: {format: philly, path: t.csv}, accelerator: h100-sxm}
                    runTime: {speeds: {a100-sxm-80gb: 0.3}}
                    """,
                    TWO_JOBS))
        .hasMessage(
            "runTime.speeds.a100-sxm-80gb: not a type the jobs accept; allowed: h100-sxm"
                + " (workload.accelerators)");
    assertThatThrownBy(
            () ->
                run(
                    """
                    workload: {trace: {format: philly, path: t.csv}, accelerator: b200}
                    """,
                    TWO_JOBS))
        .hasMessageStartingWith("workload.accelerators: 'b200' is not a type of cluster mixed");
  }
}
