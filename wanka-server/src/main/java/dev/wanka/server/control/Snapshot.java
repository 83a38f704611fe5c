package dev.wanka.server.control;

import dev.wanka.api.JobState;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.cycle.PendingReason;
import dev.wanka.server.store.TaskRow;
import java.util.List;
import java.util.Map;

/**
 * The control plane's live state, copied for the API's views: live tasks, each node's leaf, why
 * each waiting job waits, the states of the jobs in memory, quota use and the configuration.
 *
 * @param usage devices in use by queue and accelerator type, keyed {@code queue + '\0' + type}
 * @param config null before any node registered
 */
public record Snapshot(
    List<TaskRow> tasks,
    Map<String, Integer> leaves,
    Map<Long, PendingReason> reasons,
    Map<Long, JobState> states,
    Map<String, Long> usage,
    SchedulerConfig config) {}
