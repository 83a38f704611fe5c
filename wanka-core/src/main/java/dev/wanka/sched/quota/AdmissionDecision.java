package dev.wanka.sched.quota;

import java.util.List;

/**
 * Whether {@code devices} of {@code acceleratorType} may be admitted to {@code queue} now. When
 * allowed, {@code loans} say whose idle guarantee the admission borrows (empty when it stays within
 * guarantees); {@code reason} says why, in words a person can act on.
 */
public record AdmissionDecision(
    boolean allowed,
    String queue,
    String acceleratorType,
    long devices,
    List<Loan> loans,
    String reason) {
  public AdmissionDecision {
    loans = List.copyOf(loans);
  }

  /** Whether the admission takes idle guaranteed quota of other queues. */
  public boolean borrows() {
    return !loans.isEmpty();
  }

  /** Devices borrowed in total. */
  public long borrowedDevices() {
    return loans.stream().mapToLong(Loan::devices).sum();
  }
}
