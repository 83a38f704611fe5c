package dev.wanka.sim.fgd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.sim.report.FgdReport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The FGD experiment's report.html and PNG charts, on one seed of the default trace. */
class FgdReportTest {
  private static FgdResult result(boolean published) {
    FgdExperiment experiment =
        new FgdExperiment(
            DefaultTrace.trace(),
            FgdExperiment.Orders.REPLAYED,
            DefaultTrace.shippedOrders(List.of(42)));
    List<PolicyCurves> curves = experiment.runAll(List.of("BestFit", "FGD"), 2, run -> {});
    PublishedCurves allocation =
        published ? DefaultTrace.publishedAllocation() : PublishedCurves.none("x");
    FgdScenario scenario =
        new FgdScenario(
            "fgd-test",
            "nodes.csv",
            "pods.csv",
            1.3,
            FgdScenario.OrderChoice.REPLAY,
            Optional.of("orders"),
            List.of("BestFit", "FGD"),
            1,
            42,
            Optional.empty(),
            Optional.empty());
    return new FgdResult(
        scenario,
        experiment,
        "replayed",
        curves,
        FgdComparison.of(curves, experiment.orders(), allocation, PublishedCurves.none("x")),
        published);
  }

  @Test
  void theVerdictNamesTheBestPackerItsLeadAndWhetherThePaperIsReproduced() {
    String html = FgdReport.html(result(true));
    // seed 42 published: FGD 95.29, BestFit 93.13 at 130% requested
    assertThat(html)
        .contains(
            "FGD packs best: 95.29% of the GPU capacity allocated when 130% has been"
                + " requested, 2.16 pp more than BestFit (93.13%).")
        .contains("The paper is reproduced: 2 deterministic runs match")
        .contains("<svg")
        .doesNotContain("<script")
        .doesNotContain("http://")
        .doesNotContain("https://");
    assertThat(FgdReport.html(result(false))).contains("No published curves for this trace");
  }

  @Test
  void theCurvesAreAlsoWrittenAsPngs() throws Exception {
    Map<String, byte[]> pngs = FgdReport.pngs(result(true));
    assertThat(pngs.keySet())
        .containsExactly("fgd-allocation.png", "fgd-published.png", "fgd-fragmentation.png");
    for (byte[] png : pngs.values()) {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      assertThat(image.getWidth()).isEqualTo(1440);
    }
    assertThat(FgdReport.pngs(result(false))).doesNotContainKey("fgd-published.png");
  }
}
