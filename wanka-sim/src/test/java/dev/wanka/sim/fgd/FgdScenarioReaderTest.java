package dev.wanka.sim.fgd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.spec.SpecException;
import dev.wanka.spec.YamlNode;
import dev.wanka.spec.YamlOverrides;
import dev.wanka.spec.YamlTreeReader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FgdScenarioReaderTest {
  private static final String MINIMAL =
      """
      name: fgd-small
      experiment: fgd
      cluster:
        openb: {nodes: nodes.csv}
      workload:
        trace: {format: openb, path: pods.csv}
      """;

  @Test
  void defaultsAreThePapersSixPoliciesTenSeedsFrom42AndInflation13() {
    FgdScenario scenario = FgdScenarioReader.read("s.yaml", MINIMAL, List.of());
    assertThat(scenario.policies()).isEqualTo(PackingPolicies.NAMES);
    assertThat(scenario.seedList()).isEqualTo(List.of(42, 43, 44, 45, 46, 47, 48, 49, 50, 51));
    assertThat(scenario.inflation()).isEqualTo(1.3);
    assertThat(scenario.orders()).isEqualTo(FgdScenario.OrderChoice.AUTO);
    assertThat(scenario.ordersDirectory()).isEmpty();
    assertThat(scenario.publishedAllocationPath()).isEmpty();
  }

  @Test
  void theTracePathAndAnyOtherFieldCanBeSetFromTheCommandLine() {
    FgdScenario scenario =
        FgdScenarioReader.read(
            "s.yaml",
            MINIMAL,
            List.of(
                "workload.trace.path=other.csv",
                "cluster.openb.nodes=n2.csv",
                "seeds=3",
                "workload.orders.use=seeded",
                "published.allocation=a.csv"));
    assertThat(scenario.podsPath()).isEqualTo("other.csv");
    assertThat(scenario.nodesPath()).isEqualTo("n2.csv");
    assertThat(scenario.seeds()).isEqualTo(3);
    assertThat(scenario.orders()).isEqualTo(FgdScenario.OrderChoice.SEEDED);
    assertThat(scenario.publishedAllocationPath()).isEqualTo(Optional.of("a.csv"));
  }

  @Test
  void policiesAreAcceptedByThePapersOrTheSchedulersName() {
    FgdScenario scenario =
        FgdScenarioReader.read(
            "s.yaml", MINIMAL + "policies: [fgd, best-fit, DotProd]\n", List.of());
    assertThat(scenario.policies()).containsExactly("FGD", "BestFit", "DotProd");
  }

  @Test
  void everyProblemIsNamedWithItsField() {
    assertThatThrownBy(
            () ->
                FgdScenarioReader.read(
                    "s.yaml",
                    """
                    name: fgd-small
                    experiment: fgd
                    cluster: {openb: {}}
                    workload:
                      trace: {format: philly, path: pods.csv}
                      orders: {use: replay}
                      inflation: 0
                    policies: [FGD, Magic, fgd]
                    seeds: 101
                    """,
                    List.of()))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("cluster.openb.nodes")
        .hasMessageContaining("'philly' is not allowed: the FGD experiment reads openb")
        .hasMessageContaining("replay needs the directory")
        .hasMessageContaining("workload.inflation")
        .hasMessageContaining("'Magic' is not an FGD experiment policy; allowed: Random, DotProd")
        .hasMessageContaining("'fgd' is listed twice")
        .hasMessageContaining("seeds");
  }

  @Test
  void onlyAScenarioThatSaysExperimentFgdIsOne() {
    assertThat(FgdScenarioReader.isFgdExperiment(document(MINIMAL, List.of()))).isTrue();
    assertThat(FgdScenarioReader.isFgdExperiment(document("name: x\ncluster: c.yaml\n", List.of())))
        .isFalse();
    assertThat(FgdScenarioReader.isFgdExperiment(document("name: x\n", List.of("experiment=fgd"))))
        .isTrue();
  }

  private static YamlNode document(String yaml, List<String> overrides) {
    return YamlOverrides.apply(YamlTreeReader.read("s.yaml", yaml), overrides);
  }

  @Test
  void anEmptyPolicyListIsRefusedNotRunAsNothing() {
    assertThatThrownBy(
            () -> FgdScenarioReader.read("s.yaml", MINIMAL + "policies: []\n", List.of()))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("policies: an empty list is not allowed");
  }
}
