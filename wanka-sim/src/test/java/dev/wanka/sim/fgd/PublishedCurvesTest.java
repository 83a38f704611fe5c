package dev.wanka.sim.fgd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.spec.SpecException;
import org.junit.jupiter.api.Test;

class PublishedCurvesTest {
  @Test
  void rowsOfTheWorkloadAreKeptByPolicyAndSeed() {
    PublishedCurves curves = DefaultTrace.publishedAllocation();
    assertThat(curves.seeds("FGD")).isEqualTo(DefaultTrace.SEEDS);
    assertThat(curves.of("FGD", 42).orElseThrow()).hasSize(Curves.COLUMNS);
    assertThat(curves.of("Random", 42).orElseThrow()[0]).isEqualTo(0.25);
    assertThat(curves.of("FGD", 7)).isEmpty();
  }

  @Test
  void rowsOfOtherWorkloadsAreSkipped() {
    String header = "workload,sc_policy,tune,seed,total_gpus,0,1\n";
    PublishedCurves curves =
        PublishedCurves.read(
            "x.csv",
            header
                + "openb_pod_list_cpu050,06-FGD,1.3,42,6212,0.3,1.1\n"
                + "openb_pod_list_default,06-FGD,1.3,42,6212,0.25,1.0\n",
            "openb_pod_list_cpu050");
    assertThat(curves.of("FGD", 42).orElseThrow()[1]).isEqualTo(1.1);
    assertThat(curves.of("FGD", 42).orElseThrow()[2]).as("no column 2").isNaN();
    assertThat(PublishedCurves.read("x.csv", header, "openb_pod_list_gpushare40").isEmpty())
        .isTrue();
  }

  @Test
  void badRowsAreNamedWithTheirLine() {
    assertThatThrownBy(
            () ->
                PublishedCurves.read(
                    "x.csv",
                    "workload,sc_policy,tune,seed,total_gpus,0\nw,07-Magic,1.3,42,1,0.1\nw,06-FGD,1.3,x,1,1\n",
                    "w"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("x.csv:2")
        .hasMessageContaining("'07-Magic' is not an FGD experiment policy")
        .hasMessageContaining("x.csv:3");
    assertThatThrownBy(() -> PublishedCurves.read("y.csv", "policy,seed\n", "w"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("must have the columns workload, sc_policy, seed");
  }
}
