package dev.wanka.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.sim.failure.Recovery;
import dev.wanka.spec.SpecException;
import dev.wanka.spec.SpecProblem;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class ScenarioReaderTest {
  @Test
  void readsEveryFieldAndDefaultsTheRest() {
    Scenario full =
        ScenarioReader.read(
            "s.yaml",
            """
            name: t60
            cluster: ../clusters/c.yaml
            scheduler: q.yaml
            workload:
              trace: {format: philly, path: p.csv}
              accelerator: h100-sxm
              queue: team-a
              loadScale: 2.5
              estimates: exact
            policies: [fifo, las]
            seeds: 3
            horizonSeconds: 86400
            """);
    assertThat(full)
        .isEqualTo(
            new Scenario(
                "t60",
                "../clusters/c.yaml",
                Optional.of("q.yaml"),
                new WorkloadSource.TraceFile(TraceFormat.PHILLY, "p.csv"),
                List.of("h100-sxm"),
                Optional.of("team-a"),
                2.5,
                true,
                List.of("fifo", "las"),
                3,
                86400,
                RunTimeSettings.DEFAULT,
                0.0,
                Recovery.DEFAULT));
    Scenario minimal =
        ScenarioReader.read(
            "s.yaml",
            """
            name: t60
            cluster: c.yaml
            workload: {trace: {format: helios, path: log.csv}}
            """);
    assertThat(minimal.policies()).containsExactly("priority");
    assertThat(minimal.seeds()).isEqualTo(1);
    assertThat(minimal.loadScale()).isEqualTo(1.0);
    assertThat(minimal.exactEstimates()).isFalse();
    assertThat(minimal.horizonSeconds()).isEqualTo(ScenarioReader.DEFAULT_HORIZON_SECONDS);
  }

  @Test
  void overridesReplaceFieldsAndTheirProblemsNameTheOverride() {
    String yaml =
        "name: t60\ncluster: c.yaml\nworkload: {trace: {format: helios, path: log.csv}}\n";
    Scenario swept =
        ScenarioReader.read(
            "s.yaml", yaml, List.of("workload.trace.path=other.csv", "seeds=4", "policies=[las]"));
    assertThat(swept.source())
        .isEqualTo(new WorkloadSource.TraceFile(TraceFormat.HELIOS, "other.csv"));
    assertThat(swept.seeds()).isEqualTo(4);
    assertThat(swept.policies()).containsExactly("las");
    SpecException e =
        Assertions.assertThrows(
            SpecException.class,
            () -> ScenarioReader.read("s.yaml", yaml, List.of("workload.loadScale=-1")));
    assertThat(e.getMessage()).startsWith("--set workload.loadScale=-1:");
  }

  @Test
  void aSyntheticWorkloadNamesABundledClusterAndNotATraceToo() {
    Scenario synthetic =
        ScenarioReader.read(
            "s.yaml",
            "name: s\ncluster: c.yaml\nworkload:\n"
                + "  synthetic: {basis: Helios, jobs: 500, arrivalsPerHour: 30}\n");
    assertThat(synthetic.source()).isEqualTo(new WorkloadSource.Synthetic("Helios", 500, 30));
    SpecException both =
        Assertions.assertThrows(
            SpecException.class,
            () ->
                ScenarioReader.read(
                    "s.yaml",
                    "name: s\ncluster: c.yaml\nworkload:\n"
                        + "  trace: {format: philly, path: p.csv}\n"
                        + "  synthetic: {basis: mars, jobs: 5, arrivalsPerHour: 1}\n"));
    assertThat(both.getMessage())
        .contains(
            "workload.synthetic: give one of trace, synthetic or llm, not trace and synthetic");
    SpecException unknown =
        Assertions.assertThrows(
            SpecException.class,
            () ->
                ScenarioReader.read(
                    "s.yaml",
                    "name: s\ncluster: c.yaml\nworkload:\n"
                        + "  synthetic: {basis: mars, jobs: 5, arrivalsPerHour: 1}\n"));
    assertThat(unknown.getMessage())
        .contains("workload.synthetic.basis: 'mars' is not a bundled cluster; allowed: seren,");
  }

  @Test
  void failuresFollowTheLlama3ModelTimesAScale() {
    String yaml = "name: s\ncluster: c.yaml\nworkload: {trace: {format: philly, path: p.csv}}\n";
    assertThat(ScenarioReader.read("s.yaml", yaml).failureScale()).isZero();
    assertThat(
            ScenarioReader.read("s.yaml", yaml + "failures: {model: llama3, scale: 2.5}\n")
                .failureScale())
        .isEqualTo(2.5);
    assertThat(ScenarioReader.read("s.yaml", yaml + "failures: {model: llama3}\n").failureScale())
        .isEqualTo(1.0);
    SpecException e =
        Assertions.assertThrows(
            SpecException.class,
            () -> ScenarioReader.read("s.yaml", yaml + "failures: {model: weibull}\n"));
    assertThat(e.getMessage())
        .contains("failures.model: 'weibull' is not allowed: the model is llama3");
  }

  @Test
  void everyProblemIsReportedAtItsLine() {
    SpecException e =
        Assertions.assertThrows(
            SpecException.class,
            () ->
                ScenarioReader.read(
                    "s.yaml",
                    """
                    name: t60
                    workload:
                      trace: {format: slurm, path: p.csv}
                      loadScale: 0
                    policies: [fifo, lifo]
                    seeds: 0
                    """));
    assertThat(e.problems())
        .extracting(SpecProblem::field)
        .containsExactlyInAnyOrder(
            "cluster", "workload.trace.format", "workload.loadScale", "policies[1]", "seeds");
    assertThat(e.getMessage())
        .contains("s.yaml:5:")
        .contains("'lifo' is not a queue order; allowed: fifo, priority, sjf, las, drf");
  }
}
