package dev.wanka.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Silent nodes are looked for once a heartbeat interval, not on every scheduling cycle (the look
 * walks every node), and a wall clock stepping back does not stop the looking.
 */
class SilenceCheckTest {
  private static final long INTERVAL = LivePlane.TUNING.heartbeatIntervalMillis();
  private static final long TIMEOUT = LivePlane.TUNING.heartbeatTimeoutMillis();

  @TempDir Path directory;

  @Test
  void aSilentNodeIsNoticedAtTheFirstCycleAHeartbeatIntervalAfterTheLastLook() {
    try (LivePlane live = new LivePlane(directory)) {
      live.node("a", 8);
      live.beat("a");
      live.advanceMillis(TIMEOUT - 200);
      live.cycle();
      assertThat(ready(live, "a")).isTrue();

      live.advanceMillis(300);
      live.cycle();
      assertThat(ready(live, "a")).as("silent past the timeout, looked at 300 ms ago").isTrue();

      live.advanceMillis(INTERVAL - 300);
      live.cycle();
      assertThat(ready(live, "a")).isFalse();
    }
  }

  @Test
  void aClockSteppingBackDoesNotStopTheLooking() {
    try (LivePlane live = new LivePlane(directory)) {
      live.node("a", 8);
      live.beat("a");
      live.cycle();

      live.advanceMillis(-3_600_000);
      live.beat("a");
      live.cycle();
      live.advanceMillis(TIMEOUT + 1);
      live.cycle();

      assertThat(ready(live, "a")).isFalse();
    }
  }

  private static boolean ready(LivePlane live, String node) {
    return live.plane.liveNodes().stream()
        .filter(n -> n.row().name().equals(node))
        .findFirst()
        .orElseThrow()
        .ready();
  }
}
