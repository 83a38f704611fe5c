package dev.wanka.server.control;

/**
 * The control plane's timing and layout settings.
 *
 * @param heartbeatIntervalMillis how often agents report
 * @param heartbeatTimeoutMillis after how long without a report a node is NotReady and its work is
 *     interrupted
 * @param cycleMillis the longest time between two scheduling cycles (events start one sooner)
 * @param nodesPerLeaf nodes under one leaf switch in the live cluster model
 * @param commitWindowMillis how long a heartbeat's news (a task exit, say), which no one waits for,
 *     waits for other changes to commit with, unless a submission comes and takes it along (one
 *     commit for many: see {@link LockedBatches}); 0 commits it as soon as the lock is free
 * @param historySampleMillis how often the cluster is sampled for its history (the dashboard's
 *     charts)
 */
public record ServerTuning(
    long heartbeatIntervalMillis,
    long heartbeatTimeoutMillis,
    long cycleMillis,
    int nodesPerLeaf,
    long commitWindowMillis,
    long historySampleMillis) {
  public static ServerTuning defaults() {
    return new ServerTuning(1000, 10_000, 200, 16, 10, 30_000);
  }

  public ServerTuning {
    if (heartbeatTimeoutMillis <= heartbeatIntervalMillis) {
      throw new IllegalArgumentException(
          "--heartbeat-timeout: "
              + heartbeatTimeoutMillis
              + " ms is not allowed: must be longer than the heartbeat interval ("
              + heartbeatIntervalMillis
              + " ms)");
    }
  }
}
