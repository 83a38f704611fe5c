package dev.wanka.sched.cycle;

import dev.wanka.sched.Allocation;

/** Device-seconds an allocation has received by {@code now} (shares count in proportion). */
final class AttainedService {
  private AttainedService() {}

  static double of(Allocation allocation, long now) {
    return allocation.devicesHeld() * Math.max(0, now - allocation.startSeconds());
  }
}
