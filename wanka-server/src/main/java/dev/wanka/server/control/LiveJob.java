package dev.wanka.server.control;

import dev.wanka.server.store.JobRow;
import dev.wanka.workload.Manifest;

/** A job the scheduler holds or whose tasks still run: its stored row and its parsed manifest. */
final class LiveJob {
  JobRow row;
  final Manifest manifest;

  LiveJob(JobRow row, Manifest manifest) {
    this.row = row;
    this.manifest = manifest;
  }

  long id() {
    return row.id();
  }
}
