package dev.wanka.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.wanka.api.ApiException;
import dev.wanka.api.ApiPaths;
import dev.wanka.api.DeviceMap;
import dev.wanka.api.DeviceStatus;
import dev.wanka.api.Health;
import dev.wanka.api.Heartbeat;
import dev.wanka.api.JobView;
import dev.wanka.api.WireJson;
import dev.wanka.server.TestServer;
import dev.wanka.server.TestServer.FakeAgent;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/cluster/devices}, what the dashboard draws, and the dashboard's files. */
class DeviceMapTest {
  @TempDir Path data;
  private TestServer server;

  @BeforeEach
  void start() {
    server = new TestServer(data, Optional.empty(), TestServer.fastTuning());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private DeviceMap deviceMap() {
    return WireJson.read(server.admin().getText(ApiPaths.CLUSTER_DEVICES), DeviceMap.class);
  }

  @Test
  void everyDeviceIsInTheArraysUnderItsNodeWithItsStateAndReadings() {
    FakeAgent b = server.agent("node-b", 4, "mtt-s4000");
    FakeAgent a = server.agent("node-a", 8, "h100-sxm");
    a.client()
        .heartbeat(
            "node-a",
            new Heartbeat(
                1000,
                List.of(
                    new DeviceStatus(0, Health.OK, 61, 650, 0.75),
                    new DeviceStatus(1, Health.FAILED, 30, 90, 0)),
                List.of()));
    b.beat(List.of());
    server.admin().nodeAction("node-b", "cordon");

    await().atMost(Duration.ofSeconds(30)).until(() -> deviceMap().nodes().get(0).leaf() >= 0);
    DeviceMap map = deviceMap();

    assertThat(map.states())
        .containsExactly("idle", "reserved", "busy", "draining", "cordoned", "failed", "down");
    assertThat(map.nodes())
        .extracting(DeviceMap.Node::name, DeviceMap.Node::pool, DeviceMap.Node::firstDevice)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("node-a", "h100-sxm-8", 0),
            org.assertj.core.groups.Tuple.tuple("node-b", "mtt-s4000-4", 8));
    assertThat(map.nodes()).allSatisfy(n -> assertThat(n.spine()).isZero());
    assertThat(map.state()).hasSize(12);
    assertThat(map.states().get(map.state()[0])).isEqualTo("idle");
    assertThat(map.states().get(map.state()[1])).isEqualTo("failed");
    assertThat(map.states().get(map.state()[8])).isEqualTo("cordoned");
    assertThat(map.utilization()[0]).isEqualTo(0.75);
    assertThat(map.temperatureCelsius()[0]).isEqualTo(61);
    assertThat(map.powerWatts()[0]).isEqualTo(650);
  }

  @Test
  void aRunningTasksDeviceIsBusy() {
    FakeAgent a = server.agent("node-a", 8, "h100-sxm");
    JobView job = server.admin().submit(ApiFlowTest.gang("busy", 8), "application/yaml");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !server.admin().job(job.id()).placement().isEmpty());
    a.beat(List.of());
    DeviceMap map = deviceMap();

    for (int device = 0; device < 8; device++) {
      assertThat(map.states().get(map.state()[device])).isEqualTo("busy");
    }
  }

  @Test
  void devicesHeldForAWaitingGangAreReserved() {
    FakeAgent a = server.agent("node-a", 8, "h100-sxm");
    server.agent("node-b", 8, "h100-sxm");
    JobView running = server.admin().submit(training("running", 8, 3600), "application/yaml");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !server.admin().job(running.id()).placement().isEmpty());
    a.beat(List.of());
    String busyNode = server.admin().job(running.id()).placement().get(0).node();
    String freeNode = busyNode.equals("node-a") ? "node-b" : "node-a";

    server.admin().submit(training("waiting", 16, 600), "application/yaml");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                server.admin().node(freeNode).devices().stream()
                    .allMatch(d -> d.state().equals("reserved")));
    DeviceMap map = deviceMap();
    int first = freeNode.equals("node-a") ? 0 : 8;
    assertThat(map.states().get(map.state()[first])).isEqualTo("reserved");
  }

  private static String training(String name, int devices, int seconds) {
    return "apiVersion: wanka/v1\n"
        + "kind: TrainingJob\n"
        + "metadata:\n  name: "
        + name
        + "\nspec:\n  devices: "
        + devices
        + "\n  devicesPerNode: 8\n  accelerators: [h100-sxm]\n  estimatedSeconds: "
        + seconds
        + "\n  command: [sleep, \"600\"]\n";
  }

  @Test
  void usersMayReadItAgentsMayNot() {
    FakeAgent agent = server.agent("node-a", 8, "h100-sxm");
    assertThat(server.user("team-a").getText(ApiPaths.CLUSTER_DEVICES)).contains("node-a");
    assertThatThrownBy(() -> agent.client().getText(ApiPaths.CLUSTER_DEVICES))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(403);
  }

  @Test
  void theDashboardIsServedWithoutATokenAndTheRootLeadsToIt() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(server.uri().resolve(ApiPaths.DASHBOARD + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> root =
        http.send(
            HttpRequest.newBuilder(server.uri().resolve("/")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> script =
        http.send(
            HttpRequest.newBuilder(server.uri().resolve(ApiPaths.DASHBOARD + "/heatmap.js"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>Wanka</title>", "heatmap.js");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(policy -> assertThat(policy).contains("default-src 'self'"));
    assertThat(root.statusCode()).isEqualTo(302);
    assertThat(root.headers().firstValue("Location"))
        .hasValueSatisfying(location -> assertThat(location).endsWith(ApiPaths.DASHBOARD + "/"));
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
  }
}
