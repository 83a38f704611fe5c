package dev.wanka.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.catalog.Catalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Runs the training estimator on the published Megatron-LM SC'21 Table 1 rows and compares the
 * achieved TFLOP/s per GPU. The inputs are only what the paper and its launch script state; the
 * software settings of 2021 (no fused attention, full recomputation, gradients all-reduced after
 * the backward pass) are inputs too, not calibration.
 */
class MegatronSc21ValidationTest {
  private static final double MEDIAN_LIMIT = 0.10;
  private static final double ROW_LIMIT = 0.20;

  record Row(
      double billions,
      int heads,
      int hidden,
      int layers,
      int tp,
      int pp,
      int gpus,
      int globalBatch,
      int microBatch,
      int layersPerVirtualStage,
      double publishedTflops) {}

  static List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    try (InputStream in =
        MegatronSc21ValidationTest.class.getResourceAsStream("megatron_sc21_table1_subset.csv")) {
      assertThat(in).as("megatron_sc21_table1_subset.csv on the test classpath").isNotNull();
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 1; i < lines.length; i++) {
        String[] f = lines[i].split(",", 12);
        rows.add(
            new Row(
                Double.parseDouble(f[0]),
                Integer.parseInt(f[1]),
                Integer.parseInt(f[2]),
                Integer.parseInt(f[3]),
                Integer.parseInt(f[4]),
                Integer.parseInt(f[5]),
                Integer.parseInt(f[6]),
                Integer.parseInt(f[7]),
                Integer.parseInt(f[8]),
                f[9].isEmpty() ? 0 : Integer.parseInt(f[9]),
                Double.parseDouble(f[10])));
      }
    }
    return rows;
  }

  static TrainingEstimate estimate(Row row) {
    ModelSpec model =
        new ModelSpec(
            "megatron-" + row.billions() + "b",
            row.layers(),
            row.hidden(),
            row.heads(),
            row.heads(),
            row.hidden() / row.heads(),
            4 * row.hidden(),
            FfnActivation.GELU,
            51200,
            2048,
            true,
            Optional.empty(),
            Optional.empty(),
            "Narayanan et al. SC'21 Table 1");
    int dp = row.gpus() / (row.tp() * row.pp());
    int vpp =
        row.layersPerVirtualStage() == 0
            ? 1
            : row.layers() / row.pp() / row.layersPerVirtualStage();
    TrainingSetup job =
        new TrainingSetup(
            model,
            2048,
            row.microBatch(),
            row.globalBatch(),
            new Parallelism(row.tp(), row.pp(), vpp, 1, 1, dp),
            Recompute.FULL,
            false,
            TrainingPrecision.BF16,
            0,
            false,
            false);
    var a100 = Catalog.bundled().find("a100-sxm-80gb").orElseThrow();
    return TrainingEstimator.estimate(
        job,
        DeviceAllocation.standalone(a100, row.gpus()),
        Calibrations.bundled().forAccelerator(a100));
  }

  @Test
  void achievedTflopsPerGpuMatchThePublishedTable() throws IOException {
    List<Double> errors = new ArrayList<>();
    StringBuilder table = new StringBuilder();
    table.append("| model | TP | PP | GPUs | batch | published TFLOP/s | estimated | error |\n");
    table.append("|---|---|---|---|---|---|---|---|\n");
    for (Row row : rows()) {
      double estimated = estimate(row).hardwareTflopsPerDevice();
      double error = (estimated - row.publishedTflops()) / row.publishedTflops();
      errors.add(Math.abs(error));
      table.append(
          String.format(
              Locale.ROOT,
              "| %.1fB | %d | %d | %d | %d | %.0f | %.1f | %+.1f%% |%n",
              row.billions(),
              row.tp(),
              row.pp(),
              row.gpus(),
              row.globalBatch(),
              row.publishedTflops(),
              estimated,
              100 * error));
    }
    System.out.print(table);
    List<Double> sorted = new ArrayList<>(errors);
    sorted.sort(null);
    double median = sorted.get(sorted.size() / 2);
    assertThat(sorted).hasSize(5);
    assertThat(median).as("median absolute error").isLessThanOrEqualTo(MEDIAN_LIMIT);
    assertThat(sorted.get(sorted.size() - 1))
        .as("largest absolute error")
        .isLessThanOrEqualTo(ROW_LIMIT);
  }
}
