package dev.wanka.sched.plugin;

import dev.wanka.sched.Gang;

/** One way to run a gang that a cycle considers: this many devices of one pool. */
public record Candidate(Gang gang, int pool, String acceleratorId, int devices) {
  @Override
  public String toString() {
    return gang.id() + " as " + devices + " " + acceleratorId + " in pool " + pool;
  }
}
