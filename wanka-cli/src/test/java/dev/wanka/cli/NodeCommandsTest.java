package dev.wanka.cli;

import static dev.wanka.cli.ApiSamples.node;
import static dev.wanka.cli.ApiSamples.queue;
import static dev.wanka.cli.TestEnvironment.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.wanka.api.NodeView;
import dev.wanka.api.Problem;
import dev.wanka.api.QuotaView;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** nodes, cordon, drain, uncordon and queues against a fake client.server(). */
class NodeCommandsTest {
  @RegisterExtension final ConnectedClient client = new ConnectedClient();

  @Test
  void nodesPrintsKubectlStatusesBusyOverTotalAndAges() {
    client
        .server()
        .on(
            "GET",
            "/api/v1/nodes",
            List.of(
                node("h100-001", "Ready", false, false, 8, 0),
                node("h100-002", "Ready", true, false, 0, 0),
                node("h100-003", "Ready", true, true, 3, 1),
                node("h100-004", "NotReady", false, false, 0, 1),
                node("h100-005", "NotReady", true, true, 0, 2)));

    CliRun run = client.run("nodes");

    assertThat(run.exitCode()).as(run.err()).isZero();
    // heartbeats 800 ms ago (Ready) show as 0s, 95 s ago (NotReady) as 1m; all registered 3 days
    // ago
    assertThat(run.out())
        .isEqualTo(
            """
            NAME      STATUS                    TYPE  DEVICES(BUSY/TOTAL)  LEAF  HEARTBEAT  AGE
            h100-001  Ready                     h100                  8/8     0  0s         3d
            h100-002  Ready,SchedulingDisabled  h100                  0/8     0  0s         3d
            h100-003  Draining                  h100                  3/8     1  0s         3d
            h100-004  NotReady                  h100                  0/8     1  1m         3d
            h100-005  NotReady,Draining         h100                  0/8     2  1m         3d
            """);
    assertThat(client.server().onlyRequest().authorization()).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void aNodeThatNeverSentAHeartbeatOrWhoseRegistrationIsUnknownSaysSo() {
    NodeView fresh =
        new NodeView(
            "mtt-01", "10.0.1.1", "mtt-s4000", "NotReady", false, false, -1, 8, 0, 3, List.of(), 0);
    client.server().on("GET", "/api/v1/nodes", List.of(fresh));

    assertThat(client.run("nodes").out())
        .endsWith("mtt-01  NotReady  mtt-s4000                  0/8     3  never      -\n");
  }

  @Test
  void nodesWithJsonIsAnArrayOfNodeViews() {
    client
        .server()
        .on("GET", "/api/v1/nodes", List.of(node("h100-002", "Ready", true, false, 0, 0)));

    JsonNode json = client.run("nodes", "--json").json();

    assertThat(json.get(0).get("name").asString()).isEqualTo("h100-002");
    assertThat(json.get(0).get("cordoned").asBoolean()).isTrue();
    assertThat(json.get(0).get("devices").get(0).get("uuid").asString())
        .isEqualTo("GPU-h100-002-0");
  }

  @Test
  void cordonDrainAndUncordonPostTheActionAndPrintTheNewStatus() {
    client
        .server()
        .on("POST", "/api/v1/nodes/h100-001/cordon", node("h100-001", "Ready", true, false, 8, 0))
        .on("POST", "/api/v1/nodes/h100-001/drain", node("h100-001", "Ready", true, true, 8, 0))
        .on(
            "POST",
            "/api/v1/nodes/h100-001/uncordon",
            node("h100-001", "Ready", false, false, 0, 0));

    CliRun cordon = client.run("cordon", "h100-001");
    CliRun drain = client.run("drain", "h100-001");
    CliRun uncordon = client.run("uncordon", "h100-001");

    assertThat(cordon.out()).isEqualTo("node h100-001 cordoned (Ready,SchedulingDisabled)\n");
    assertThat(drain.out()).isEqualTo("node h100-001 draining (Draining)\n");
    assertThat(uncordon.out()).isEqualTo("node h100-001 uncordoned (Ready)\n");
    assertThat(client.server().requests())
        .extracting(FakeServer.Request::method, FakeServer.Request::path)
        .containsExactly(
            tuple("POST", "/api/v1/nodes/h100-001/cordon"),
            tuple("POST", "/api/v1/nodes/h100-001/drain"),
            tuple("POST", "/api/v1/nodes/h100-001/uncordon"));
    assertThat(client.server().requests())
        .extracting(FakeServer.Request::authorization)
        .containsOnly("Bearer " + TOKEN);
  }

  @Test
  void aNodeNameIsEscapedInThePath() {
    client
        .server()
        .on("POST", "/api/v1/nodes/rack%201/cordon", node("rack 1", "Ready", true, false, 0, 0));

    CliRun run = client.run("cordon", "rack 1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("node rack 1 cordoned (Ready,SchedulingDisabled)\n");
  }

  @Test
  void cordoningAnUnknownNodeIsBadInput() {
    client
        .server()
        .refuse(
            "POST",
            "/api/v1/nodes/h100-999/cordon",
            new Problem("about:blank", "Not Found", 404, "no node h100-999", List.of()));

    CliRun run = client.run("cordon", "h100-999", "--json");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("error: Not Found: no node h100-999 (HTTP 404)\n");
  }

  @Test
  void queuesPrintsJobsAndQuotaUsePerType() {
    client
        .server()
        .on(
            "GET",
            "/api/v1/queues",
            List.of(
                queue(
                    "research",
                    "acme",
                    3,
                    2,
                    new QuotaView("h100", 16, 32, 24),
                    new QuotaView("mtt-s4000", 8, 8, 0)),
                queue("default", "beta", 0, 0),
                queue("open", "gamma", 0, 1, new QuotaView("h100", -1, -1, 8))));

    CliRun run = client.run("queues");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
            QUEUE     TENANT  PENDING  RUNNING  QUOTA(type used/guaranteed/max)
            research  acme          3        2  h100 24/16/32, mtt-s4000 0/8/8
            default   beta          0        0  -
            open      gamma         0        1  h100 8 (no limit)
            """);
    JsonNode json = client.run("queues", "--json").json();
    assertThat(json.get(0).get("quota").get(0).get("used").asLong()).isEqualTo(24);
  }
}
