package dev.wanka.sched.quota;

/**
 * A queue's quota for one accelerator type, in devices: {@code guaranteedDevices} are its own
 * whenever it asks for them (reclaimed from borrowers if need be); {@code maxDevices} caps what it
 * may hold by borrowing idle guarantees of others.
 */
public record Quota(long guaranteedDevices, long maxDevices) {
  /** No access to the type: nothing guaranteed, nothing may be borrowed. */
  public static final Quota NONE = new Quota(0, 0);

  public Quota {
    if (guaranteedDevices < 0 || maxDevices < guaranteedDevices) {
      throw new IllegalArgumentException(
          "quota needs 0 <= guaranteed <= max, got guaranteed "
              + guaranteedDevices
              + " and max "
              + maxDevices);
    }
  }
}
