package dev.wanka.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.JobState;
import dev.wanka.api.JobView;
import dev.wanka.api.WankaClient;
import dev.wanka.server.ServerOptions;
import dev.wanka.server.TestServer;
import dev.wanka.server.WankaServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server started again with another scheduler configuration still shows its past jobs. */
class ConfigurationChangeTest {
  @TempDir Path data;

  private static final String QUEUES =
      "priorityClasses:\n"
          + "  - {name: production, priority: 1000, preemptible: false}\n"
          + "  - {name: high, priority: 100, preemptible: true, graceSeconds: 300}\n"
          + "defaultPriority: high\n"
          + "queues:\n"
          + "  - name: default\n"
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
    Path queues = Files.writeString(data.resolve("queues.yaml"), QUEUES);
    try (WankaServer server =
        WankaServer.start(
            new ServerOptions(
                "127.0.0.1",
                0,
                data,
                Optional.empty(),
                Optional.of(queues),
                TestServer.fastTuning()),
            "test")) {
      WankaClient admin =
          new WankaClient(URI.create("http://127.0.0.1:" + server.port()), server.adminToken());
      assertThat(admin.jobs()).extracting(JobView::id).containsExactly(id);
      JobView old = admin.job(id);
      assertThat(old.state()).isEqualTo(JobState.Cancelled);
      assertThat(old.name()).isEqualTo("old");
    }
  }
}
