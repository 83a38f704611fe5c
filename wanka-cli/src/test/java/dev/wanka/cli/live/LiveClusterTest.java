package dev.wanka.cli.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wanka.api.ApiException;
import dev.wanka.api.DeviceView;
import dev.wanka.api.JobState;
import dev.wanka.api.JobView;
import dev.wanka.api.NodeView;
import dev.wanka.api.Placement;
import dev.wanka.api.Role;
import dev.wanka.api.TokenRequest;
import dev.wanka.api.WankaClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The control plane for real: a server and three agents, each its own JVM on 127.0.0.1, on H2 and
 * on a real PostgreSQL. A 16-device gang runs a command that writes its environment to a file; one
 * agent is killed with SIGKILL mid-run and the gang comes back on the other nodes; then the server
 * is killed with SIGKILL and restarted, and every accepted job is still there, no device is held
 * twice, and the gang completes.
 */
class LiveClusterTest {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static EmbeddedPostgres postgres;

  @TempDir Path directory;
  private final List<JavaProcess> processes = new ArrayList<>();
  private Path out;

  @AfterEach
  void stopEverything() throws Exception {
    if (out != null) {
      Files.writeString(out.resolve("release"), "go");
    }
    for (JavaProcess process : processes) {
      process.close();
    }
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static String postgresUrl() throws Exception {
    if (postgres == null) {
      postgres = EmbeddedPostgres.builder().start();
    }
    String name = "wanka_live_" + System.nanoTime();
    try (var connection = postgres.getPostgresDatabase().getConnection();
        var statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return postgres.getJdbcUrl("postgres", name);
  }

  private JavaProcess server;

  /** Starts the server; returns its port. */
  private int server(String db, Path data, int port) throws Exception {
    JavaProcess server =
        JavaProcess.start(
            directory.resolve("server-" + processes.size() + ".log"),
            "server",
            "--db",
            db,
            "--data-dir",
            data.toString(),
            "--port",
            Integer.toString(port),
            "--heartbeat-timeout",
            "6");
    processes.add(server);
    this.server = server;
    return portOf(server.awaitLine("listening on", PATIENCE));
  }

  private static int portOf(String line) {
    String after = line.substring(line.indexOf("127.0.0.1:") + "127.0.0.1:".length());
    return Integer.parseInt(after.split("\\D")[0]);
  }

  private JavaProcess agent(URI server, String token, String node) {
    JavaProcess agent =
        JavaProcess.start(
            directory.resolve("agent-" + node + ".log"),
            "agent",
            "--server",
            server.toString(),
            "--token",
            token,
            "--devices",
            "sim:8xH100",
            "--node",
            node,
            "--address",
            "127.0.0.1",
            "--work-dir",
            directory.resolve("work-" + node).toString());
    processes.add(agent);
    return agent;
  }

  private String gang() {
    return "apiVersion: wanka/v1\n"
        + "kind: TrainingJob\n"
        + "metadata: {name: env-gang}\n"
        + "spec:\n"
        + "  devices: 16\n"
        + "  devicesPerNode: 8\n"
        + "  accelerators: [h100-sxm]\n"
        + "  env: {OUT: '"
        + out
        + "'}\n"
        + "  checkpoint: {dir: '"
        + out.resolve("ckpt")
        + "'}\n"
        + "  terminationGraceSeconds: 2\n"
        // written aside, then renamed: the test reads a file only once it is whole
        + "  command: [sh, -c, 'f=\"$OUT/env-a$WANKA_ATTEMPT-n$NODE_RANK\"; env > \"$f.part\";"
        + " mv \"$f.part\" \"$f\"; while [ ! -f \"$OUT/release\" ]; do sleep 0.2; done']\n";
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aGangSurvivesALostAgentAndALostServer(String database) throws Exception {
    out = Files.createDirectories(directory.resolve("out"));
    Path data = directory.resolve("data");
    String db = database.equals("h2") ? data.resolve("wanka").toString() : postgresUrl();
    int port = server(db, data, 0);
    URI uri = URI.create("http://127.0.0.1:" + port);
    WankaClient admin = new WankaClient(uri, Files.readString(data.resolve("admin.token")).trim());
    Map<String, JavaProcess> agents = new HashMap<>();
    for (String node : List.of("node-a", "node-b", "node-c")) {
      String token =
          admin.createToken(new TokenRequest("agent " + node, Role.AGENT, "", node)).secret();
      agents.put(node, agent(uri, token, node));
    }
    await()
        .atMost(PATIENCE)
        .until(() -> admin.nodes().stream().filter(n -> n.state().equals("Ready")).count() == 3);

    JobView gang = admin.submit(gang(), "application/yaml");
    await()
        .atMost(PATIENCE)
        .until(
            () -> Files.exists(out.resolve("env-a1-n0")) && Files.exists(out.resolve("env-a1-n1")));
    JobView running = admin.job(gang.id());
    assertThat(running.state()).isEqualTo(JobState.Running);
    assertThat(running.placement()).hasSize(2).allSatisfy(p -> assertThat(p.devices()).hasSize(8));
    for (int rank = 0; rank < 2; rank++) {
      Map<String, String> env = readEnv(out.resolve("env-a1-n" + rank));
      assertThat(env)
          .containsEntry("WORLD_SIZE", "16")
          .containsEntry("NNODES", "2")
          .containsEntry("NODE_RANK", Integer.toString(rank))
          .containsEntry("NPROC_PER_NODE", "8")
          .containsEntry("MASTER_ADDR", "127.0.0.1")
          .containsEntry("CUDA_VISIBLE_DEVICES", "0,1,2,3,4,5,6,7")
          .containsEntry("WANKA_ATTEMPT", "1")
          .containsEntry("WANKA_CHECKPOINT_DIR", out.resolve("ckpt").toString())
          .containsKey("MASTER_PORT");
    }

    // SIGKILL the agent of node rank 1: the gang is interrupted and runs again on the others.
    String lost =
        running.placement().stream()
            .filter(p -> p.nodeRank() == 1)
            .findFirst()
            .orElseThrow()
            .node();
    agents.get(lost).kill();
    await()
        .atMost(PATIENCE)
        .until(
            () -> Files.exists(out.resolve("env-a2-n0")) && Files.exists(out.resolve("env-a2-n1")));
    JobView again = admin.job(gang.id());
    assertThat(again.state()).isEqualTo(JobState.Running);
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(again.placement()).extracting(Placement::node).doesNotContain(lost);
    assertThat(admin.events(gang.id()))
        .extracting(e -> e.type())
        .contains("TaskLost", "Interrupted", "Requeued");

    // More accepted work, then SIGKILL the server and start it again on the same database.
    List<Long> accepted = new ArrayList<>();
    accepted.add(gang.id());
    for (int i = 0; i < 3; i++) {
      accepted.add(
          admin.submit(gang().replace("env-gang", "waiting-" + i), "application/yaml").id());
    }
    server.kill();
    server(db, data, port);
    await()
        .atMost(PATIENCE)
        .ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> admin.nodes().stream().filter(n -> n.state().equals("Ready")).count() == 2);
    List<Long> present = new ArrayList<>();
    admin.jobs().forEach(j -> present.add(j.id()));
    assertThat(present).containsAll(accepted);
    assertThat(admin.job(gang.id()).state()).isEqualTo(JobState.Running);
    assertNoDeviceHeldTwice(admin);

    // The gang finishes; a waiting gang then takes the two live nodes.
    Files.writeString(out.resolve("release"), "go");
    await().atMost(PATIENCE).until(() -> admin.job(gang.id()).state() == JobState.Succeeded);
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                admin.jobs().stream()
                    .anyMatch(
                        j -> j.state() == JobState.Succeeded && j.name().startsWith("waiting")));
    assertNoDeviceHeldTwice(admin);
  }

  /**
   * No device is in two running jobs' placements, and every busy device is in one. Jobs and nodes
   * are two requests: a gang may start between them, so the check takes a pair of reads between
   * which the running placements did not change.
   */
  private static void assertNoDeviceHeldTwice(WankaClient admin) {
    Set<String> held = heldDevices(admin.jobs());
    List<NodeView> nodes = admin.nodes();
    for (int tries = 1; tries < 100 && !held.equals(heldDevices(admin.jobs())); tries++) {
      held = heldDevices(admin.jobs());
      nodes = admin.nodes();
    }
    for (NodeView node : nodes) {
      for (DeviceView device : node.devices()) {
        if (device.state().equals("busy")) {
          assertThat(held).contains(node.name() + "/" + device.index());
        }
      }
    }
  }

  private static Set<String> heldDevices(List<JobView> jobs) {
    Set<String> held = new HashSet<>();
    for (JobView job : jobs) {
      for (Placement placement : job.placement()) {
        for (int device : placement.devices()) {
          assertThat(held.add(placement.node() + "/" + device))
              .as("device %s/%d held twice", placement.node(), device)
              .isTrue();
        }
      }
    }
    return held;
  }

  private static Map<String, String> readEnv(Path file) throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        env.put(line.substring(0, equals), line.substring(equals + 1));
      }
    }
    return env;
  }
}
