package dev.wanka.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ClusterCommandTest {
  private static final String H100_10K = "../examples/clusters/h100-10k.yaml";
  private static final String MIXED = "../examples/clusters/domestic-mixed.yaml";

  @Test
  void showsTheTenThousandCardClusterAsJson() {
    CliRun run = CliRun.of("cluster", "show", H100_10K, "--json");

    assertThat(run.exitCode()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("devices").asInt()).isEqualTo(10_240);
    assertThat(json.get("nodes").asInt()).isEqualTo(1_280);
    // 10,240 x 989 TFLOPS = 10,127,360 TFLOPS = 10,127.36 PFLOPS, i.e. about 10.1 EFLOPS
    assertThat(json.get("peakPflopsBf16").asDouble()).isCloseTo(10_127.36, within(1e-6));
    // 10,240 x 400 Gb/s / 8 = 512 TB/s injected; half of it crosses a non-blocking cut
    assertThat(json.get("bisectionTBps").asDouble()).isCloseTo(256.0, within(1e-9));
    assertThat(json.get("incomplete").isEmpty()).isTrue();
  }

  @Test
  void showsPowerAndMoneyInText() {
    CliRun run = CliRun.of("cluster", "show", H100_10K);

    assertThat(run.exitCode()).isZero();
    // 10,240 x 700 W + 1,280 x 4,600 W = 13.056 MW; x 1.25 PUE = 16.32 MW
    assertThat(run.out())
        .contains("Cluster h100-10k: 10,240 devices on 1,280 nodes")
        .contains("13.06 MW at TDP; 16.32 MW with PUE 1.25")
        .contains("CNY 3,200,000,000");
  }

  @Test
  void namesThePoolsWhoseFiguresAreMissingInsteadOfCountingThemAsZero() {
    CliRun run = CliRun.of("cluster", "show", MIXED);
    JsonNode json = CliRun.of("cluster", "show", MIXED, "--json").json();

    assertThat(run.out())
        .contains("power         at least")
        .contains("pool 'ascend' (ascend-910b3): tdpWatts unknown");
    assertThat(json.get("incomplete").get("powerMWAtTdp").get(0).asString())
        .startsWith("pool 'ascend' (ascend-910b3): tdpWatts unknown");
  }

  @Test
  void aCatalogOverrideCompletesTheMissingFigures(@TempDir Path dir) throws Exception {
    Path tdp = dir.resolve("tdp.yaml");
    Files.writeString(
        tdp,
        "- id: ascend-910b3\n  tdpWatts: 350\n  source: meter\n"
            + "- id: mtt-s4000\n  tdpWatts: 450\n  source: meter\n");

    JsonNode json =
        CliRun.of("--catalog", tdp.toString(), "cluster", "show", MIXED, "--json").json();

    // 2,048 x 350 + 1,024 x 450 + 1,024 x 400 (H20) = 1,587,200 W
    assertThat(json.get("powerMWAtTdp").asDouble()).isCloseTo(1.5872, within(1e-9));
    assertThat(json.get("incomplete").has("powerMWAtTdp")).isFalse();
  }

  @Test
  void validatesAGoodSpec() {
    CliRun run = CliRun.of("cluster", "validate", H100_10K);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(
            H100_10K
                + ": ok: cluster 'h100-10k', 10,240 devices on 1,280 nodes in 1 pool(s)"
                + System.lineSeparator());
  }

  @Test
  void everyExampleClusterValidates() throws Exception {
    try (var files = Files.list(Path.of("../examples/clusters"))) {
      files
          .filter(f -> f.toString().endsWith(".yaml"))
          .forEach(
              f ->
                  assertThat(CliRun.of("cluster", "validate", f.toString()).exitCode())
                      .as(f.toString())
                      .isZero());
    }
  }
}
