package dev.wanka.server.control;

import dev.wanka.server.store.NodeRow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A registered node as the server sees it now: its stored row, and what its heartbeats said. The
 * heartbeat fields are written by request threads without the control plane's lock and read by
 * anyone, hence volatile.
 */
final class LiveNode {
  volatile NodeRow row;
  volatile boolean ready;
  volatile long lastHeartbeatMillis;
  volatile long lastSequence;

  /** How many times the node's agent registered since the server started: a restart's mark. */
  volatile int registrations;

  final Telemetry telemetry = new Telemetry();

  /** A report holding news, waiting for the lock; replaced by the node's newer reports. */
  final AtomicReference<WaitingReport> waitingReport = new AtomicReference<>();

  /**
   * The agent reports a process the server no longer lists (it came back after the node was
   * declared lost), or has not reported since the server started: nothing new is placed on the node
   * until that process is gone, or its first report shows none.
   */
  volatile boolean settling;

  LiveNode(NodeRow row, boolean ready, long lastHeartbeatMillis) {
    this.row = row;
    this.ready = ready;
    this.lastHeartbeatMillis = lastHeartbeatMillis;
  }

  String name() {
    return row.name();
  }

  boolean deviceFailed(int index) {
    return telemetry.failed(index);
  }
}
