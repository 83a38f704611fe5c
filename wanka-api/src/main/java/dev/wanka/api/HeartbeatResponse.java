package dev.wanka.api;

import java.util.List;

/**
 * The server's reply to a heartbeat: every task it wants on the node, the ones to stop included.
 * The agent starts what it does not run yet, stops what is marked {@code stop}, and stops any
 * process of a task that is not listed at all.
 *
 * @param registered false when the server does not know this node (its database was reset): the
 *     agent registers again
 */
public record HeartbeatResponse(boolean registered, List<TaskAssignment> tasks) {
  public HeartbeatResponse {
    tasks = List.copyOf(tasks);
  }
}
