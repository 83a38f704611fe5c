package dev.wanka.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.perf.Recompute;
import dev.wanka.sim.accounting.CostSettings;
import dev.wanka.sim.accounting.EnergySettings;
import dev.wanka.sim.failure.Recovery;
import dev.wanka.sim.llm.LlmJob;
import dev.wanka.spec.SpecException;
import dev.wanka.spec.SpecProblem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
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
                Recovery.DEFAULT,
                EnergySettings.DEFAULTS,
                Optional.empty()));
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
  void failuresTakeDetectionRestartAndSpares() {
    String yaml = "name: s\ncluster: c.yaml\nworkload: {trace: {format: philly, path: p.csv}}\n";
    assertThat(ScenarioReader.read("s.yaml", yaml).recovery()).isEqualTo(Recovery.DEFAULT);
    Scenario spares =
        ScenarioReader.read(
            "s.yaml",
            yaml
                + "failures: {model: llama3, detectionSeconds: 120, restartSeconds: 600,"
                + " spareNodes: 8}\n");
    assertThat(spares.recovery()).isEqualTo(new Recovery(120, 600, 8));
    SpecException e =
        Assertions.assertThrows(
            SpecException.class,
            () ->
                ScenarioReader.read(
                    "s.yaml", yaml + "failures: {model: llama3, spareNodes: -1, repair: 5}\n"));
    assertThat(e.problems())
        .extracting(SpecProblem::field)
        .containsExactlyInAnyOrder("failures.spareNodes", "failures.repair");
  }

  @Test
  void jobsMayAcceptSeveralTypesAndTheRunTimeModelIsConfigurable() {
    String head = "name: s\ncluster: c.yaml\n";
    Scenario mixed =
        ScenarioReader.read(
            "s.yaml",
            head
                + "workload:\n"
                + "  trace: {format: philly, path: p.csv}\n"
                + "  accelerators: [h100-sxm, ascend-910b3]\n"
                + "runTime: {tierSlowdown: 1.25, speeds: {h100-sxm: 1, ascend-910b3: 0.3}}\n");
    assertThat(mixed.accelerators()).containsExactly("h100-sxm", "ascend-910b3");
    assertThat(mixed.runTime())
        .isEqualTo(new RunTimeSettings(1.25, Map.of("h100-sxm", 1.0, "ascend-910b3", 0.3)));
    assertThat(
            ScenarioReader.read(
                    "s.yaml", head + "workload: {trace: {format: philly, path: p.csv}}\n")
                .runTime())
        .isEqualTo(RunTimeSettings.DEFAULT);
    SpecException e =
        Assertions.assertThrows(
            SpecException.class,
            () ->
                ScenarioReader.read(
                    "s.yaml",
                    head
                        + "workload:\n"
                        + "  trace: {format: philly, path: p.csv}\n"
                        + "  accelerator: h100-sxm\n"
                        + "  accelerators: [h100-sxm, h100-sxm]\n"
                        + "runTime: {tierSlowdown: 0.5, speeds: {h100-sxm: 0}}\n"));
    assertThat(e.problems())
        .extracting(SpecProblem::field)
        .containsExactlyInAnyOrder(
            "workload.accelerator", "runTime.tierSlowdown", "runTime.speeds.h100-sxm");
  }

  @Test
  void llmJobsNameACatalogModelTheirTokensDevicesAndLayout() {
    Scenario llm =
        ScenarioReader.read(
            "s.yaml",
            """
            name: s
            cluster: c.yaml
            workload:
              llm:
                - {model: llama3-8b, tokens: 2.0e10, devices: 64, tp: 2, globalBatch: 512}
                - {model: Llama-3-70B, tokens: 1000000, devices: 512, tp: 8, pp: 4, seq: 4096,
                   globalBatch: 1024, microBatch: 2, recompute: full, submitSeconds: 3600,
                   checkpointSeconds: 1800}
            """);
    List<LlmJob> jobs = ((WorkloadSource.LlmJobs) llm.source()).jobs();
    assertThat(jobs).hasSize(2);
    LlmJob small = jobs.get(0);
    assertThat(small.model().id()).isEqualTo("llama3-8b");
    assertThat(small.seq()).as("the model's").isEqualTo(8192);
    assertThat(small.pp()).isEqualTo(1);
    assertThat(small.microBatch()).isEqualTo(1);
    assertThat(small.recompute()).isEqualTo(Recompute.SELECTIVE);
    assertThat(small.submitSeconds()).isZero();
    assertThat(small.checkpointSeconds()).isEmpty();
    assertThat(small.setup().parallelism().dp()).isEqualTo(32);
    LlmJob large = jobs.get(1);
    assertThat(large.model().id()).isEqualTo("llama3-70b");
    assertThat(large.setup().parallelism().dp()).isEqualTo(16);
    assertThat(large.setup().sequenceParallel()).isTrue();
    assertThat(large.checkpointSeconds()).hasValue(1800);
    SpecException e =
        Assertions.assertThrows(
            SpecException.class,
            () ->
                ScenarioReader.read(
                    "s.yaml",
                    """
                    name: s
                    cluster: c.yaml
                    workload:
                      llm:
                        - {model: llama9-1t, tokens: 1e10, devices: 64, globalBatch: 8}
                        - {model: llama3-8b, devices: 60, tp: 8, globalBatch: 8}
                    """));
    assertThat(e.problems())
        .extracting(SpecProblem::field)
        .containsExactlyInAnyOrder(
            "workload.llm[0].model", "workload.llm[1].tokens", "workload.llm[1].devices");
    assertThat(e.getMessage())
        .contains("'llama9-1t' is not a bundled model")
        .contains("60 is not allowed: must be a multiple of tp x pp = 8");
  }

  @Test
  void energyAndCostAreOptionalAndReadWithTheirDefaults() {
    String yaml = "name: s\ncluster: c.yaml\nworkload: {trace: {format: philly, path: p.csv}}\n";
    Scenario plain = ScenarioReader.read("s.yaml", yaml);
    assertThat(plain.energy()).isEqualTo(EnergySettings.DEFAULTS);
    assertThat(plain.cost()).isEmpty();
    Scenario priced =
        ScenarioReader.read(
            "s.yaml",
            yaml
                + "energy: {pue: 1.3, idleFraction: 0.25, busyUtilization: 0.8,"
                + " tdpWatts: {ascend-910b2: 350}}\n"
                + "cost: {currency: USD, perKWh: 0.1, perDeviceHour: {h100-sxm: 2.5, H20: 1}}\n");
    assertThat(priced.energy())
        .isEqualTo(
            new EnergySettings(OptionalDouble.of(1.3), 0.25, 0.8, Map.of("ascend-910b2", 350.0)));
    assertThat(priced.cost())
        .contains(
            new CostSettings("USD", OptionalDouble.of(0.1), Map.of("h100-sxm", 2.5, "H20", 1.0)));
    Scenario idleOnly = ScenarioReader.read("s.yaml", yaml, List.of("energy.idleFraction=0.3"));
    assertThat(idleOnly.energy())
        .isEqualTo(new EnergySettings(OptionalDouble.empty(), 0.3, 1.0, Map.of()));
  }

  @Test
  void badEnergyAndCostSettingsNameTheirFieldAndWhatIsAllowed() {
    String yaml = "name: s\ncluster: c.yaml\nworkload: {trace: {format: philly, path: p.csv}}\n";
    SpecException e =
        Assertions.assertThrows(
            SpecException.class,
            () ->
                ScenarioReader.read(
                    "s.yaml",
                    yaml
                        + "energy: {pue: 0.9, idleFraction: 1.5, tdpWatts: [700], watts: 3}\n"
                        + "cost: {currency: usd, perKWh: -1, perDeviceHour: {h100-sxm: x}}\n"));
    assertThat(e.problems())
        .extracting(SpecProblem::field)
        .containsExactlyInAnyOrder(
            "energy.pue",
            "energy.idleFraction",
            "energy.tdpWatts",
            "energy.watts",
            "cost.currency",
            "cost.perKWh",
            "cost.perDeviceHour.h100-sxm");
    assertThat(e.getMessage())
        .contains("energy.pue: '0.9' is not allowed: must be a number from 1 to 3")
        .contains("energy.tdpWatts: a list is not allowed: must be a map of accelerator type")
        .contains("energy.watts: unknown field; allowed here: pue, idleFraction,")
        .contains("cost.currency: 'usd' is not allowed: must be a 3-letter ISO 4217 code");
    SpecException noCurrency =
        Assertions.assertThrows(
            SpecException.class,
            () -> ScenarioReader.read("s.yaml", yaml + "cost: {perKWh: 0.1}\n"));
    assertThat(noCurrency.getMessage()).contains("cost.currency: missing field");
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

  /** A minimal twin scenario without its policies. */
  private static final String WITHOUT_POLICIES =
      """
      name: t60
      cluster: c.yaml
      workload:
        trace: {format: tiresias, path: p.csv}
      """;

  private static SpecException refused(String yaml) {
    return Assertions.assertThrows(SpecException.class, () -> ScenarioReader.read("s.yaml", yaml));
  }

  @Test
  void anEmptyPolicyListIsRefusedNotRunAsNothing() {
    SpecException e = refused(WITHOUT_POLICIES + "policies: []\n");
    assertThat(e.problems()).extracting(SpecProblem::field).containsExactly("policies");
    assertThat(e.getMessage()).contains("policies: an empty list is not allowed");
  }

  @Test
  void aPolicyListedTwiceIsRefusedAsInTheFgdExperiment() {
    SpecException e = refused(WITHOUT_POLICIES + "policies: [fifo, las, fifo]\n");
    assertThat(e.problems()).extracting(SpecProblem::field).containsExactly("policies[2]");
    assertThat(e.getMessage()).contains("'fifo' is listed twice");
  }
}
