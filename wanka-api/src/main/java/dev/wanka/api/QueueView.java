package dev.wanka.api;

import java.util.List;

/** A queue with its quotas and what it holds now. */
public record QueueView(
    String name, String tenant, int pendingJobs, int runningJobs, List<QuotaView> quota) {
  public QueueView {
    quota = List.copyOf(quota);
  }
}
