package dev.wanka.sched.quota;

import java.util.Map;
import java.util.Optional;

/**
 * One queue of a {@link QueueTree}: its slash-separated name ({@code team-a/research}, whose parent
 * is {@code team-a}), the tenant that owns it, its quota per accelerator catalog id and its
 * borrowing policy.
 */
public record QueueSpec(
    String name, String tenant, Map<String, Quota> quotas, BorrowingPolicy borrowing) {
  public QueueSpec {
    quotas = Map.copyOf(quotas);
  }

  /** The quota for an accelerator type; {@link Quota#NONE} when the queue does not list it. */
  public Quota quota(String acceleratorType) {
    return quotas.getOrDefault(acceleratorType, Quota.NONE);
  }

  /** The parent's name, empty for a top-level queue. */
  public Optional<String> parentName() {
    int slash = name.lastIndexOf('/');
    return slash < 0 ? Optional.empty() : Optional.of(name.substring(0, slash));
  }

  /** Number of ancestors: 0 for a top-level queue. */
  public int depth() {
    return (int) name.chars().filter(c -> c == '/').count();
  }
}
