package dev.wanka.sched.plugin;

import dev.wanka.sched.quota.AdmissionDecision;
import dev.wanka.sched.quota.QuotaLedger;
import java.util.List;
import java.util.Optional;

/** The filters Wanka ships. */
public final class Filters {
  private Filters() {}

  /** The pool can hold the candidate at all: size, devices per node, topology scope, TP groups. */
  public static final Filter POOL_FIT =
      new Filter() {
        @Override
        public String name() {
          return "pool-fit";
        }

        @Override
        public ReasonCode code() {
          return ReasonCode.NEVER_FITS;
        }

        @Override
        public Optional<String> reject(Candidate candidate, CycleView view) {
          return DevicePlacer.neverFits(view.cluster(), candidate);
        }
      };

  /**
   * The queue's quota admits the candidate's devices, borrowing idle quota where the tree allows; a
   * gang of a non-preemptible class may not borrow, since it could never give the devices back.
   */
  public static final Filter QUOTA =
      new Filter() {
        @Override
        public String name() {
          return "quota";
        }

        @Override
        public ReasonCode code() {
          return ReasonCode.QUOTA;
        }

        @Override
        public Optional<String> reject(Candidate candidate, CycleView view) {
          return quotaDenial(view.quota(), candidate);
        }
      };

  public static final List<Filter> ALL = List.of(POOL_FIT, QUOTA);

  /**
   * Why this quota ledger does not admit the candidate, or empty: the queue tree's rules, and no
   * borrowing for a non-preemptible class. Shared by the {@link #QUOTA} filter and the what-if
   * questions of preemption, so both apply the same rule.
   */
  static Optional<String> quotaDenial(QuotaLedger quota, Candidate candidate) {
    AdmissionDecision decision =
        quota.canAdmit(candidate.gang().queue(), candidate.acceleratorId(), candidate.devices());
    if (!decision.allowed()) {
      return Optional.of(decision.reason());
    }
    if (decision.borrows() && !candidate.gang().isPreemptible()) {
      return Optional.of(
          String.format(
              "would borrow %d %s of other queues' idle quota, but priority class %s is not"
                  + " preemptible, so it could not give them back; it may use only its queue's"
                  + " own guarantee",
              decision.borrowedDevices(),
              candidate.acceleratorId(),
              candidate.gang().workload().priorityClass().name()));
    }
    return Optional.empty();
  }
}
