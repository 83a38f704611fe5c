package dev.wanka.api;

/**
 * One accelerator type's quota in a queue, and its use, in devices.
 *
 * @param guaranteed and {@code max}: {@link #UNLIMITED} when the server runs without a quota
 *     configuration (every tenant's queue is open)
 */
public record QuotaView(String accelerator, long guaranteed, long max, long used) {
  /** No limit. */
  public static final long UNLIMITED = -1;

  public boolean isUnlimited() {
    return max == UNLIMITED;
  }
}
