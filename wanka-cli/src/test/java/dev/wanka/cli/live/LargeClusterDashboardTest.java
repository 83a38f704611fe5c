package dev.wanka.cli.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wanka.api.JobState;
import dev.wanka.api.JobView;
import dev.wanka.api.WankaClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The cluster view of 10,240 devices (1,280 simulated nodes of 8 H100 under {@code wanka server}),
 * with jobs running on part of them: every device is drawn, and the first load of the view is
 * measured (printed, not asserted: docs/benchmarks.md reports it).
 */
class LargeClusterDashboardTest {
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  /**
   * 1,280 nodes; {@code -Dwanka.dashboard.nodes=12500} draws 100,000 devices (a measurement for
   * docs/benchmarks.md, not run in CI: registering the nodes takes minutes).
   */
  private static final int NODES = Integer.getInteger("wanka.dashboard.nodes", 1280);

  private static final int DEVICES = NODES * 8;

  @TempDir Path directory;

  @Test
  void theClusterViewDrawsEveryDeviceOfTenThousand() throws Exception {
    try (Browser browser = Browser.start(directory.resolve("profile"), 1600, 1000);
        JavaProcess server =
            JavaProcess.startWithHeap(
                directory.resolve("server.log"),
                NODES > 2000 ? "2g" : "256m",
                "server",
                "--port",
                "0",
                "--data-dir",
                directory.resolve("data").toString())) {
      String listening = server.awaitLine("listening on", PATIENCE);
      String after = listening.substring(listening.indexOf("127.0.0.1:") + "127.0.0.1:".length());
      URI uri = URI.create("http://127.0.0.1:" + after.split("\\D")[0]);
      String token = Files.readString(directory.resolve("data").resolve("admin.token")).trim();
      WankaClient admin = new WankaClient(uri, token);
      try (SimulatedFleet fleet =
          SimulatedFleet.start(
              admin, "gpu", NODES, 8, "h100-sxm", Duration.ofSeconds(NODES > 2000 ? 8 : 3))) {
        await()
            .atMost(PATIENCE)
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> admin.cluster().nodesReady() == NODES);
        List<Long> jobs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
          jobs.add(admin.submit(training(i, i % 3 == 0 ? 16 : 8), "application/yaml").id());
        }
        await()
            .atMost(PATIENCE)
            .pollInterval(Duration.ofSeconds(2))
            .until(
                () -> jobs.stream().map(admin::job).allMatch(j -> j.state() == JobState.Running));

        browser.driver().get(uri + "/dashboard/");
        browser.script("sessionStorage.setItem('wanka.token', arguments[0])", token);
        // The first load after the server started (its code for this view not yet compiled),
        // then a second one.
        for (String load : List.of("first load", "second load")) {
          browser.driver().navigate().refresh();
          await()
              .atMost(PATIENCE)
              .until(
                  () ->
                      ((Number) browser.script("return window.wanka.drawnDevices")).intValue()
                          == DEVICES);
          System.out.printf(
              Locale.ROOT,
              "%s of the cluster view, %,d devices: drawn %.0f ms after navigation; steps: %s%n",
              load,
              DEVICES,
              ((Number) browser.script("return window.wanka.firstDrawMillis")).doubleValue(),
              browser.script("return JSON.stringify(window.wanka.timings)"));
        }
        assertThat(browser.driver().findElement(By.id("heatmap")).getAttribute("data-mode"))
            .isEqualTo("devices");
        assertThat(browser.driver().findElement(By.id("cluster-summary")).getText())
            .startsWith(
                String.format(
                    Locale.ROOT,
                    "%,d devices shown of %,d · %,d nodes (%,d Ready)",
                    DEVICES,
                    DEVICES,
                    NODES,
                    NODES));
        browser.screenshot("cluster-" + DEVICES);
        JobView any = admin.job(jobs.get(0));
        assertThat(any.placement()).isNotEmpty();
      }
    }
  }

  private static String training(int n, int devices) {
    return "apiVersion: wanka/v1\n"
        + "kind: TrainingJob\n"
        + "metadata:\n"
        + "  name: train-"
        + n
        + "\n"
        + "spec:\n"
        + "  devices: "
        + devices
        + "\n"
        + "  devicesPerNode: 8\n"
        + "  accelerators: [h100-sxm]\n"
        + "  command: [sleep, \"3600\"]\n";
  }
}
