package dev.wanka.sched.plugin;

import dev.wanka.sched.GangId;
import java.util.Arrays;

/**
 * Devices promised to a pending gang from {@code startSeconds}: the head-of-line gang's EASY
 * backfill reservation (when enough running work is expected to have ended), or the devices a
 * preemptor waits for while its victims use their grace period. Other work may use them only if it
 * is expected to end before {@code startSeconds}. {@code candidate} is how the gang is to run (its
 * pool, type and size): for a preemptor, its claim on its queue's quota until it starts.
 */
public record Reservation(
    Candidate candidate, int[] devices, long startSeconds, boolean preemptor) {
  public Reservation {
    devices = devices.clone();
    Arrays.sort(devices);
  }

  public GangId gang() {
    return candidate.gang().id();
  }

  public int pool() {
    return candidate.pool();
  }

  @Override
  public int[] devices() {
    return devices.clone();
  }

  public int size() {
    return devices.length;
  }

  /** Whether any of these devices is reserved: O(k log n). */
  public boolean overlaps(int[] others) {
    for (int device : others) {
      if (Arrays.binarySearch(devices, device) >= 0) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Reservation
        && ((Reservation) other).gang().equals(gang())
        && ((Reservation) other).startSeconds == startSeconds
        && Arrays.equals(((Reservation) other).devices, devices);
  }

  @Override
  public int hashCode() {
    return gang().hashCode() * 31 + Long.hashCode(startSeconds);
  }

  @Override
  public String toString() {
    return devices.length + " devices for " + gang() + " from " + startSeconds;
  }
}
