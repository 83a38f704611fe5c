package dev.wanka.plan;

/** Why a plan has no option for an accelerator type. */
public record Rejection(String accelerator, Reason reason, String detail) {

  /** The kinds of reason, for scripts. */
  public enum Reason {
    MISSING_DATA,
    OUT_OF_MEMORY,
    TOO_SLOW,
    OVER_BUDGET,
    OVER_POWER_CAP,
    NO_PRICE,
    SLO_NOT_MET
  }
}
