package dev.wanka.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wanka.api.JobState;
import dev.wanka.api.WireJson;
import dev.wanka.server.TestServer;
import dev.wanka.server.TestServer.FakeAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsAndOpenApiTest {
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

  @Test
  void metricsCountDevicesByStateAndTypeJobsByStateAndTimeTheCycles() {
    FakeAgent agent = server.agent("node-a", 8, "h100-sxm");
    var job = server.admin().submit(ApiFlowTest.gang("m", 8), "application/yaml");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              agent.beat(List.of());
              return server.admin().job(job.id()).state() == JobState.Running;
            });
    String text = server.admin().getText("/metrics");
    assertThat(text)
        .contains("wanka_devices{state=\"busy\",type=\"h100-sxm\"} 8.0")
        .contains("wanka_jobs{state=\"Running\"} 1.0")
        .contains("wanka_nodes{state=\"Ready\"} 1.0")
        .contains("wanka_queue_depth 0.0")
        .contains("wanka_heartbeat_lag_max_seconds")
        .contains("wanka_scheduling_cycle_seconds_bucket")
        .contains(
            "wanka_http_requests_seconds_count{route=\"POST /api/v1/jobs\",status=\"2xx\"} 1");
  }

  @Test
  void theOpenApiDocumentListsEveryRouteWithItsSchemas() {
    @SuppressWarnings("unchecked")
    Map<String, Object> document =
        WireJson.read(server.admin().getText("/api/v1/openapi.json"), Map.class);
    assertThat(document).containsEntry("openapi", "3.1.0");
    @SuppressWarnings("unchecked")
    Map<String, Object> paths = (Map<String, Object>) document.get("paths");
    assertThat(paths)
        .containsKeys(
            "/api/v1/jobs",
            "/api/v1/jobs/{id}",
            "/api/v1/jobs/{id}/cancel",
            "/api/v1/jobs/{id}/logs",
            "/api/v1/jobs/{id}/why",
            "/api/v1/nodes/{node}/{action}",
            "/api/v1/queues",
            "/api/v1/tokens",
            "/api/v1/cluster");
    @SuppressWarnings("unchecked")
    Map<String, Object> schemas =
        (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("schemas");
    assertThat(schemas)
        .containsKeys(
            "JobView",
            "Placement",
            "NodeView",
            "DeviceView",
            "Problem",
            "Heartbeat",
            "TaskAssignment");
  }
}
