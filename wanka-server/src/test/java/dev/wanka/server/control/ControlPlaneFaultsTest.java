package dev.wanka.server.control;

import static dev.wanka.server.control.LivePlane.gang;
import static dev.wanka.server.control.LivePlane.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.JobState;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane through the turns a real cluster takes (tenants added, restarts, preemption,
 * lost and returning nodes), step by step on a test clock, with the store and the live state
 * checked against each other after each step.
 */
class ControlPlaneFaultsTest {
  @TempDir Path data;
  private LivePlane live;

  @BeforeEach
  void start() {
    live = new LivePlane(data);
  }

  @AfterEach
  void stop() {
    live.close();
  }

  @Test
  void aJobOfATenantAddedSinceTheLastCycleIsAcceptedAndRuns() {
    live.node("a", 8);
    live.cycle();
    live.plane.addTenant("team-x", live.clock.get());
    long id = live.plane.submit(user("team-x"), gang("g", 8), "spec").id();
    assertThat(live.state(id)).isEqualTo(JobState.Pending);
    live.checkInvariants();
    live.cycle();
    assertThat(live.state(id)).isEqualTo(JobState.Running);
    live.checkInvariants();
  }
}
