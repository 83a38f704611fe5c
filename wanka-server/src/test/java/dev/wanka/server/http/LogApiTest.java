package dev.wanka.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wanka.api.ApiPaths;
import dev.wanka.api.JobView;
import dev.wanka.api.LogChunk;
import dev.wanka.api.Problem;
import dev.wanka.api.Role;
import dev.wanka.api.TaskAssignment;
import dev.wanka.api.TokenRequest;
import dev.wanka.api.WireJson;
import dev.wanka.server.TestServer;
import dev.wanka.server.TestServer.FakeAgent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Shipping and reading task logs: offsets, bad ones included. */
class LogApiTest {
  @TempDir Path data;
  private TestServer server;
  private FakeAgent agent;
  private JobView job;
  private String taskId;

  @BeforeEach
  void start() {
    server = new TestServer(data, Optional.empty(), TestServer.fastTuning());
    agent = server.agent("node-a", 8, "h100-sxm");
    job = server.admin().submit(ApiFlowTest.gang("g8", 8), "application/yaml");
    TaskAssignment[] task = new TaskAssignment[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              List<TaskAssignment> tasks = agent.beat(List.of()).tasks();
              task[0] = tasks.isEmpty() ? null : tasks.get(0);
              return task[0] != null;
            });
    taskId = task[0].taskId();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-3", "1.5", ""})
  void aShippedChunkAtAnOffsetThatIsNotAByteOffsetIsRefusedAndNothingIsWritten(String offset)
      throws Exception {
    agent.client().appendLog("node-a", taskId, 0, "hello\n".getBytes(StandardCharsets.UTF_8));
    String token =
        server.admin().createToken(new TokenRequest("agent", Role.AGENT, "", "node-a")).secret();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(server.uri() + ApiPaths.taskLog("node-a", taskId) + "?offset=" + offset))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofString("world\n"))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(422);
    Problem problem = WireJson.read(response.body(), Problem.class);
    assertThat(problem.errors()).extracting(e -> e.field()).containsExactly("offset");
    assertThat(server.admin().logs(job.id(), 0).text()).isEqualTo("hello\n");
  }

  @Test
  void aLogIsReadPastTwoGibibytes() {
    // Logs of long trainings outgrow 2^31 bytes; their readers page on with long offsets.
    long offset = 3_000_000_000L;
    LogChunk chunk = server.admin().logs(job.id(), offset);
    assertThat(chunk.offset()).isEqualTo(offset);
    assertThat(chunk.nextOffset()).isEqualTo(offset);
    assertThat(chunk.text()).isEmpty();
  }
}
