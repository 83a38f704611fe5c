package dev.wanka.sched.quota;

import java.util.List;

/**
 * What it takes for {@code queue} to get its guarantee of {@code acceleratorType} back: it is
 * {@code deficitDevices} below its guarantee, and the borrowers in {@code giveBack} (closest in the
 * tree first) must release those devices. {@code shortfallDevices} is what no borrower can give
 * back (0 when the tree's invariants hold).
 */
public record ReclaimPlan(
    String queue,
    String acceleratorType,
    long deficitDevices,
    List<Reclaim> giveBack,
    long shortfallDevices) {
  public ReclaimPlan {
    giveBack = List.copyOf(giveBack);
  }

  /** Total devices the borrowers give back. */
  public long totalDevices() {
    return giveBack.stream().mapToLong(Reclaim::devices).sum();
  }
}
