package dev.wanka.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.JobState;
import dev.wanka.api.JobView;
import dev.wanka.api.WankaClient;
import dev.wanka.server.ServerOptions;
import dev.wanka.server.TestServer;
import dev.wanka.server.WankaServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server started again with another scheduler configuration (an operator's queues file edited, or
 * the open default replaced by one) still shows every job, and says why a job cannot run.
 */
class ConfigurationChangeTest {
  @TempDir Path data;

  /** Without the default's 'normal' priority class. */
  private static final String WITHOUT_NORMAL =
      "priorityClasses:\n"
          + "  - {name: production, priority: 1000, preemptible: false}\n"
          + "  - {name: high, priority: 100, preemptible: true, graceSeconds: 300}\n"
          + "defaultPriority: high\n"
          + "queues:\n"
          + "  - name: default\n"
          + "    tenant: default\n"
          + "    quota: {h100-sxm: {guaranteed: 8, max: 16}}\n";

  /** The default's priority classes, but no queue 'default'. */
  private static final String WITHOUT_DEFAULT_QUEUE =
      "priorityClasses:\n"
          + "  - {name: production, priority: 1000, preemptible: false}\n"
          + "  - {name: normal, priority: 100, preemptible: true, graceSeconds: 30}\n"
          + "defaultPriority: normal\n"
          + "queues:\n"
          + "  - name: team-b\n"
          + "    tenant: default\n"
          + "    quota: {h100-sxm: {guaranteed: 8, max: 16}}\n";

  @Test
  void aFinishedJobWhosePriorityClassIsGoneIsStillListed() throws Exception {
    long id;
    try (TestServer server = new TestServer(data, Optional.empty(), TestServer.fastTuning())) {
      JobView job =
          server
              .admin()
              .submit(ApiFlowTest.gang("old", 8) + "  priority: normal\n", "application/yaml");
      id = server.admin().cancel(job.id()).id();
    }
    try (WankaServer server = start(WITHOUT_NORMAL)) {
      WankaClient admin = admin(server);
      assertThat(admin.jobs()).extracting(JobView::id).containsExactly(id);
      JobView old = admin.job(id);
      assertThat(old.state()).isEqualTo(JobState.Cancelled);
      assertThat(old.name()).isEqualTo("old");
    }
  }

  @Test
  void aWaitingJobWhoseQueueIsGoneSaysSo() throws Exception {
    long id;
    try (TestServer server = new TestServer(data, Optional.empty(), TestServer.fastTuning())) {
      server.agent("node-a", 8, "h100-sxm");
      server.admin().nodeAction("node-a", "cordon");
      id = server.admin().submit(ApiFlowTest.gang("waits", 8), "application/yaml").id();
    }
    try (WankaServer server = start(WITHOUT_DEFAULT_QUEUE)) {
      WankaClient admin = admin(server);
      JobView waiting = admin.job(id);
      assertThat(waiting.state()).isEqualTo(JobState.Pending);
      assertThat(waiting.reason()).contains("'default'").contains("queue");
      assertThat(admin.why(id).message()).contains("'default'").contains("queue");
    }
  }

  private WankaServer start(String queuesFile) throws IOException {
    Path queues = Files.writeString(data.resolve("queues.yaml"), queuesFile);
    return WankaServer.start(
        new ServerOptions(
            "127.0.0.1", 0, data, Optional.empty(), Optional.of(queues), TestServer.fastTuning()),
        "test");
  }

  private static WankaClient admin(WankaServer server) {
    return new WankaClient(URI.create("http://127.0.0.1:" + server.port()), server.adminToken());
  }
}
