package dev.wanka.cli;

import static dev.wanka.cli.TestEnvironment.ago;

import dev.wanka.api.DeviceView;
import dev.wanka.api.Health;
import dev.wanka.api.JobEvent;
import dev.wanka.api.JobState;
import dev.wanka.api.JobView;
import dev.wanka.api.NodeView;
import dev.wanka.api.Placement;
import dev.wanka.api.QueueView;
import dev.wanka.api.QuotaView;
import java.util.List;

/** Records a Wanka server could answer, for the client tests. */
final class ApiSamples {
  private ApiSamples() {}

  /** Job 17: a 16-device gang running on h100-001 and h100-002, submitted 5 minutes ago. */
  static JobView runningGang() {
    return new JobView(
        17,
        "gang-16",
        "TrainingJob",
        "acme",
        "research",
        "normal",
        JobState.Running,
        16,
        List.of("h100"),
        2,
        List.of(
            new Placement("h100-002", 1, List.of(0, 1, 2, 3, 4, 5, 6, 7), 0, 0),
            new Placement("h100-001", 0, List.of(0, 1, 2, 3, 4, 5, 6, 7), 0, 0)),
        "",
        -1,
        "/data/ckpt/gang-16",
        ago(5 * 60),
        ago(4 * 60),
        0);
  }

  /** Job 18: 64 devices of h100 or mtt-s4000, waiting 2 hours on its queue's quota. */
  static JobView pendingJob() {
    return new JobView(
        18,
        "big-run",
        "TrainingJob",
        "acme",
        "research",
        "high",
        JobState.Pending,
        64,
        List.of("h100", "mtt-s4000"),
        1,
        List.of(),
        "QUOTA_EXCEEDED",
        -1,
        "",
        ago(2 * 3600),
        0,
        0);
  }

  /** Job 12: a one-device batch job of tenant beta that finished 4 days ago. */
  static JobView finishedJob() {
    return new JobView(
        12,
        "eval",
        "BatchJob",
        "beta",
        "default",
        "normal",
        JobState.Succeeded,
        1,
        List.of(),
        1,
        List.of(),
        "",
        0,
        "",
        ago(4 * 86400 + 600),
        ago(4 * 86400 + 590),
        ago(4 * 86400));
  }

  static JobView withState(JobView job, JobState state) {
    return new JobView(
        job.id(),
        job.name(),
        job.kind(),
        job.tenant(),
        job.queue(),
        job.priority(),
        state,
        job.devices(),
        job.accelerators(),
        job.attempt(),
        state == JobState.Running ? job.placement() : List.of(),
        job.reason(),
        job.exitCode(),
        job.checkpointDirectory(),
        job.submittedAtMillis(),
        job.startedAtMillis(),
        job.finishedAtMillis());
  }

  static JobEvent event(long id, long secondsAgo, String type, String message) {
    return new JobEvent(id, 17, ago(secondsAgo), type, message);
  }

  static NodeView node(
      String name, String state, boolean cordoned, boolean draining, int busy, int leaf) {
    List<DeviceView> devices =
        List.of(new DeviceView(0, "GPU-" + name + "-0", "idle", 0, Health.OK, 40, 90, 0));
    return new NodeView(
        name,
        "10.0.0." + leaf,
        "h100",
        state,
        cordoned,
        draining,
        state.equals("Ready") ? 800 : 95_000,
        8,
        busy,
        leaf,
        devices,
        ago(3 * 86400));
  }

  static QueueView queue(String name, String tenant, int pending, int running, QuotaView... quota) {
    return new QueueView(name, tenant, pending, running, List.of(quota));
  }
}
