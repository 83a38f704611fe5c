package dev.wanka.sched.cycle;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.GangId;

/**
 * A running gang told to stop for {@code preemptor}: it keeps its devices until {@code
 * deadlineSeconds} (its grace period, to checkpoint) or until the driver reports it stopped.
 */
public record Eviction(Allocation victim, GangId preemptor, long deadlineSeconds, String reason) {}
