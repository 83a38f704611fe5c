package dev.wanka.sched.plugin;

/** The kind of reason a gang is pending, for filters in the CLI and the dashboard. */
public enum ReasonCode {
  /** No pool of the cluster has any accelerator type it accepts. */
  NO_ACCELERATOR,
  /** No pool can ever hold it as asked (too large for its topology scope, and so on). */
  NEVER_FITS,
  /** Its queue's quota does not admit it now. */
  QUOTA,
  /** Not enough free devices (or CPU and memory, for CPU-only work) where it must fit. */
  NO_FREE_DEVICES,
  /** It fits, but a permit (backfill, tensor-parallel groups) refused the placement. */
  NOT_PERMITTED,
  /** It holds the EASY backfill reservation and starts when enough running work ends. */
  RESERVED,
  /** Gangs it preempted are in their grace period; it starts when they exit. */
  PREEMPTING,
  /** It needs something the cluster spec does not describe (CPU and memory per node). */
  UNSUPPORTED
}
