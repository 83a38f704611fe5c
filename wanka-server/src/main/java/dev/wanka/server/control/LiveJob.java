package dev.wanka.server.control;

import dev.wanka.server.store.JobRow;
import dev.wanka.workload.Manifest;

/**
 * A job the scheduler holds or whose tasks still run: its stored row and its parsed manifest. The
 * row changes under the control plane's lock, and is read by views without it.
 */
final class LiveJob {
  volatile JobRow row;
  final Manifest manifest;

  LiveJob(JobRow row, Manifest manifest) {
    this.row = row;
    this.manifest = manifest;
  }

  long id() {
    return row.id();
  }
}
