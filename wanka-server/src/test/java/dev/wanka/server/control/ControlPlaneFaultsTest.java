package dev.wanka.server.control;

import static dev.wanka.server.control.LivePlane.exited;
import static dev.wanka.server.control.LivePlane.gang;
import static dev.wanka.server.control.LivePlane.running;
import static dev.wanka.server.control.LivePlane.service;
import static dev.wanka.server.control.LivePlane.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.JobState;
import dev.wanka.api.TaskAssignment;
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

  /** A 16-device gang on nodes a and b whose rank 0 (on a) has exited 0; returns its id. */
  private long gangWithRankZeroDone(String[] onB) {
    live.node("a", 8);
    live.node("b", 8);
    long id = live.submit(gang("g", 16));
    live.cycle();
    String onA = live.beat("a").get(0).taskId();
    onB[0] = live.beat("b").get(0).taskId();
    live.beat("a", exited(onA, 0));
    assertThat(live.state(id)).isEqualTo(JobState.Running);
    return id;
  }

  private void rankOneRunsOnAndTheGangSucceeds(long id, String onB) {
    assertThat(live.state(id)).isEqualTo(JobState.Running);
    assertThat(live.beat("b", running(onB)))
        .singleElement()
        .satisfies(t -> assertThat(t.stop()).as("rank 1 told to stop").isFalse());
    live.checkInvariants();
    live.beat("b", exited(onB, 0));
    assertThat(live.state(id)).isEqualTo(JobState.Succeeded);
    assertThat(live.job(id).attempt()).isEqualTo(1);
    live.checkInvariants();
  }

  @Test
  void aGangWhoseRankZeroHasExitedKeepsRunningWhenATenantIsAdded() {
    String[] onB = new String[1];
    long id = gangWithRankZeroDone(onB);
    live.plane.addTenant("team-x", live.clock.get());
    live.cycle();
    rankOneRunsOnAndTheGangSucceeds(id, onB[0]);
  }

  @Test
  void aGangWhoseRankZeroHasExitedKeepsRunningWhenTheServerRestarts() {
    String[] onB = new String[1];
    long id = gangWithRankZeroDone(onB);
    live.restart();
    live.cycle();
    rankOneRunsOnAndTheGangSucceeds(id, onB[0]);
  }

  /**
   * A best-effort service of two 4-device replicas fills node a; a production job of 4 devices
   * preempts one replica. Returns the ids of the service and of the production job.
   */
  private long[] serviceWithAReplicaPreempted() {
    live.node("a", 8);
    long svc = live.submit(service("svc", 2, 4) + "  priority: best-effort\n");
    live.cycle();
    assertThat(live.beat("a")).hasSize(2);
    String production =
        gang("prod", 4).replace("devicesPerNode: 8", "devicesPerNode: 4")
            + "  priority: production\n";
    long prod = live.submit(production);
    live.cycle();
    assertThat(live.beat("a")).filteredOn(TaskAssignment::stop).hasSize(1);
    return new long[] {svc, prod};
  }

  @Test
  void aServiceWithAPreemptedReplicaStaysRunningWhileItsOtherReplicaServes() {
    long[] ids = serviceWithAReplicaPreempted();
    assertThat(live.state(ids[0])).isEqualTo(JobState.Running);
    live.checkInvariants();
  }

  @Test
  void aPreemptedReplicaThatExitsGivesItsDevicesToThePreemptorBeforeItsGraceRunsOut() {
    long[] ids = serviceWithAReplicaPreempted();
    TaskAssignment victim =
        live.beat("a").stream().filter(TaskAssignment::stop).findFirst().orElseThrow();
    live.beat("a", exited(victim.taskId(), 143));
    live.cycle();
    assertThat(live.state(ids[1])).isEqualTo(JobState.Running);
    live.checkInvariants();
  }

  @Test
  void aNodeThatRegistersAgainWhileSettlingTakesWorkOnceItRunsNothing() {
    GivenUp lost = gangGivenUpOnA();
    long id = lost.job();
    String task = lost.task();
    // a is back, reporting the process of a task the server gave up on: it takes no work...
    live.beat("a", running(task));
    live.cycle();
    assertThat(live.state(id)).isEqualTo(JobState.Pending);
    // ...until that process is gone: here its agent restarts (killing it) and registers again.
    live.node("a", 8);
    live.beat("a");
    live.cycle();
    assertThat(live.state(id)).isEqualTo(JobState.Running);
    live.checkInvariants();
  }

  @Test
  void aNodeRegisteringAgainWithMoreDevicesTouchesNoDeviceOfAnotherNode() {
    live.node("a", 8);
    live.node("b", 8);
    live.plane.setNodeFlags("a", "cordon", LivePlane.ADMIN);
    long id = live.submit(gang("g", 8));
    live.cycle();
    assertThat(live.liveTasks(id))
        .singleElement()
        .satisfies(t -> assertThat(t.node()).isEqualTo("b"));
    // a comes back with 16 devices, the ninth failed, and reports before the next cycle: in the
    // core's layout until then, a's ninth device is b's first.
    live.node("a", 16);
    live.failDevice("a", 8);
    live.beat("a");
    assertThat(live.state(id)).isEqualTo(JobState.Running);
    live.cycle();
    assertThat(live.state(id)).isEqualTo(JobState.Running);
    live.checkInvariants();
  }

  @Test
  void aNodeTheServerGaveUpOnTakesNoWorkAfterARestartWhileItStillRunsTheOldProcess() {
    GivenUp lost = gangGivenUpOnA();
    long id = lost.job();
    String task = lost.task();
    // the server restarts before a is back
    live.restart();
    live.cycle();
    // a reports the old process, which still holds its devices: nothing may start there yet
    assertThat(live.beat("a", running(task))).isEmpty();
    live.cycle();
    assertThat(live.beat("a", running(task))).isEmpty();
    live.checkInvariants();
    // once the process is gone, the job runs again
    live.beat("a", exited(task, 143));
    live.cycle();
    assertThat(live.state(id)).isEqualTo(JobState.Running);
    assertThat(live.job(id).attempt()).isEqualTo(2);
    live.checkInvariants();
  }

  @Test
  void aTaskToldToStopIsStillToldSoAfterTheServerRestarts() {
    live.node("a", 8);
    long id = live.submit(gang("g", 8));
    live.cycle();
    String task = live.beat("a").get(0).taskId();
    live.plane.cancel(LivePlane.ADMIN, id);
    assertThat(live.beat("a", running(task)))
        .singleElement()
        .satisfies(t -> assertThat(t.stop()).isTrue());
    live.restart();
    live.cycle();
    assertThat(live.beat("a", running(task)))
        .singleElement()
        .satisfies(t -> assertThat(t.stop()).as("told to stop after the restart").isTrue());
    live.beat("a", exited(task, 143));
    assertThat(live.state(id)).isEqualTo(JobState.Cancelled);
    live.checkInvariants();
  }

  @Test
  void devicesFencedForAStoppingTaskAreFreeOnceItsAgentRestarts() {
    live.node("a", 8);
    long first = live.submit(gang("first", 8));
    live.cycle();
    String task = live.beat("a").get(0).taskId();
    // the job is cancelled: its task is told to stop, and its devices are fenced meanwhile
    live.plane.cancel(LivePlane.ADMIN, first);
    live.beat("a", running(task));
    // the agent restarts (killing the task) and registers again: nothing holds the devices now
    live.node("a", 8);
    live.beat("a");
    long second = live.submit(gang("second", 8));
    live.cycle();
    assertThat(live.state(second)).isEqualTo(JobState.Running);
    live.checkInvariants();
  }

  /**
   * A gang of 8 runs on node a, then a is cut off past the heartbeat timeout: the server gives its
   * task up (the job is Pending again) while the process runs on behind the partition.
   */
  private GivenUp gangGivenUpOnA() {
    live.node("a", 8);
    long id = live.submit(gang("g", 8));
    live.cycle();
    String task = live.beat("a").get(0).taskId();
    live.advanceMillis(LivePlane.TUNING.heartbeatTimeoutMillis() + 1);
    live.cycle();
    assertThat(live.state(id)).isEqualTo(JobState.Pending);
    return new GivenUp(id, task);
  }

  private record GivenUp(long job, String task) {}
}
