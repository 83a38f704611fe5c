package dev.wanka.cli;

import static dev.wanka.cli.TestEnvironment.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.LogChunk;
import dev.wanka.api.WireJson;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code wanka logs ID [-f]}: reading from offsets, and following until the log is complete. */
class LogsCommandTest {
  @RegisterExtension final ConnectedClient client = new ConnectedClient();

  /**
   * Job 17's log as it grows: "step 1\n" (7 bytes) is there at once; the next read finds nothing
   * new once, then "step 2\n" (bytes 7 to 14); after that the job has ended.
   */
  private void growingLog() {
    AtomicInteger readsAtSeven = new AtomicInteger();
    client
        .server()
        .on("GET", "/api/v1/jobs/17/logs?offset=0", new LogChunk(0, 7, "step 1\n", false))
        .on(
            "GET",
            "/api/v1/jobs/17/logs?offset=7",
            request ->
                FakeServer.Reply.json(
                    readsAtSeven.incrementAndGet() == 1
                        ? new LogChunk(7, 7, "", false)
                        : new LogChunk(7, 14, "step 2\n", false)))
        .on("GET", "/api/v1/jobs/17/logs?offset=14", new LogChunk(14, 14, "", true));
  }

  @Test
  void logsPrintsWhatTheServerHoldsNowAndStops() {
    growingLog();

    CliRun run = client.run("logs", "17");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("step 1\n");
    assertThat(client.server().requests())
        .extracting(FakeServer.Request::path)
        .containsExactly("/api/v1/jobs/17/logs?offset=0", "/api/v1/jobs/17/logs?offset=7");
    assertThat(client.server().requests())
        .extracting(FakeServer.Request::authorization)
        .containsOnly("Bearer " + TOKEN);
  }

  @Test
  void logsReadsChunkAfterChunkWhileTheServerHasMore() {
    client
        .server()
        .on("GET", "/api/v1/jobs/17/logs?offset=0", new LogChunk(0, 3, "ab\n", false))
        .on("GET", "/api/v1/jobs/17/logs?offset=3", new LogChunk(3, 6, "cd\n", true));

    CliRun run = client.run("logs", "17", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    LogChunk all = WireJson.read(run.out(), LogChunk.class);
    assertThat(all).isEqualTo(new LogChunk(0, 6, "ab\ncd\n", true));
  }

  @Test
  void followKeepsAskingUntilTheLogIsComplete() {
    growingLog();

    CliRun run = client.run("logs", "17", "-f");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("step 1\nstep 2\n");
    assertThat(client.server().requests())
        .extracting(FakeServer.Request::path)
        .containsExactly(
            "/api/v1/jobs/17/logs?offset=0",
            "/api/v1/jobs/17/logs?offset=7",
            "/api/v1/jobs/17/logs?offset=7",
            "/api/v1/jobs/17/logs?offset=14");
  }

  @Test
  void followWithJsonPrintsOneChunkPerLine() {
    growingLog();

    CliRun run = client.run("logs", "17", "--follow", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().map(line -> WireJson.read(line, LogChunk.class)))
        .containsExactly(
            new LogChunk(0, 7, "step 1\n", false),
            new LogChunk(7, 14, "step 2\n", false),
            new LogChunk(14, 14, "", true));
  }
}
