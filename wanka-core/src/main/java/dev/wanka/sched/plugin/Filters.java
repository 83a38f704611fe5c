package dev.wanka.sched.plugin;

import dev.wanka.sched.quota.AdmissionDecision;
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

  /** The queue's quota admits the candidate's devices (borrowing idle quota where allowed). */
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
          AdmissionDecision decision =
              view.quota()
                  .canAdmit(
                      candidate.gang().queue(), candidate.acceleratorId(), candidate.devices());
          return decision.allowed() ? Optional.empty() : Optional.of(decision.reason());
        }
      };

  public static final List<Filter> ALL = List.of(POOL_FIT, QUOTA);
}
