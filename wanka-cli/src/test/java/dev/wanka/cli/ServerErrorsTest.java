package dev.wanka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.Problem;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How refusals and unreachable servers are told, and their exit codes. */
class ServerErrorsTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "HTTP {0} exits {1}")
  @CsvSource({
    "400, 2", "401, 2", "403, 2", "404, 2", "409, 2", "413, 2", "422, 2", // the request is wrong
    "408, 1", "429, 1", // worth retrying as is
    "500, 1", "502, 1", "503, 1"
  })
  void aClientErrorIsBadInputAndAnythingElseAFailure(int status, int exitCode) {
    assertThat(ServerErrors.exitCode(status)).isEqualTo(exitCode);
  }

  @Test
  void aBadTokenIsBadInputWithTheServersTitleAndDetail() {
    try (FakeServer server = FakeServer.start()) {
      server.refuse(
          "GET",
          "/api/v1/nodes",
          new Problem("about:blank", "Unauthorized", 401, "unknown or revoked token", List.of()));

      CliRun run = TestEnvironment.connectedTo(server, dir).run("nodes");

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).isEqualTo("error: Unauthorized: unknown or revoked token (HTTP 401)\n");
    }
  }

  @Test
  void aServerFailureIsAFailureEvenWithoutAProblemBody() {
    try (FakeServer server = FakeServer.start()) {
      server.on(
          "GET",
          "/api/v1/queues",
          request -> new FakeServer.Reply(502, "text/html", "<h1>bad</h1>"));

      CliRun run = TestEnvironment.connectedTo(server, dir).run("queues", "--json");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).isEqualTo("error: HTTP 502: <h1>bad</h1> (HTTP 502)\n");
    }
  }

  @Test
  void anUnreachableServerIsAFailureThatSaysHowToStartOne() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort;

    CliRun run = TestEnvironment.in(dir).run("jobs", "--server", url, "--token", "t");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "error: cannot connect to "
                + url
                + " (is the server running? start one with `wanka up`)\n");
  }
}
