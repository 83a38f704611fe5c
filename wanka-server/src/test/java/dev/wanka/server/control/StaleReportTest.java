package dev.wanka.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.DeviceStatus;
import dev.wanka.api.Health;
import dev.wanka.api.Heartbeat;
import dev.wanka.catalog.Catalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heartbeat with news waits for the lock (here, a long commit window). If its agent registers
 * again meanwhile, the old report must not be applied: its sequence would hide the new agent's.
 */
class StaleReportTest {
  @TempDir Path directory;

  @Test
  void aReportFromBeforeItsAgentRegisteredAgainIsDropped() throws Exception {
    try (LivePlane live = new LivePlane(directory)) {
      ServerTuning windowed = new ServerTuning(1000, 10_000, 200, 16, 60_000);
      live.plane =
          new ControlPlane(
              live.store, Catalog.bundled(), SchedulerSetup.open(), windowed, live.clock::get);
      live.node("n1", 2);
      live.beat("n1");
      Heartbeat stale = new Heartbeat(100, devices(2), List.of(LivePlane.running("j999-a1-n0")));
      Thread oldAgent =
          new Thread(() -> live.plane.heartbeat(LivePlane.agent("n1"), "n1", stale), "old-agent");
      oldAgent.start();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> oldAgent.getState() == Thread.State.TIMED_WAITING);

      live.node("n1", 2);
      oldAgent.interrupt();
      oldAgent.join();
      live.advanceMillis(5_000);
      live.beat("n1");

      assertThat(live.plane.liveNode("n1").orElseThrow().lastHeartbeatMillis())
          .isEqualTo(live.clock.get());
    }
  }

  private static List<DeviceStatus> devices(int count) {
    List<DeviceStatus> devices = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      devices.add(new DeviceStatus(i, Health.OK, 40, 300, 0.5));
    }
    return devices;
  }
}
