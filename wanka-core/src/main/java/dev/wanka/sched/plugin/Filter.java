package dev.wanka.sched.plugin;

import java.util.Optional;

/**
 * The <b>filter</b> extension point: rules a candidate out before any device is looked for, saying
 * why in words a person can act on.
 */
public interface Filter {
  String name();

  /**
   * The kind of reason its rejections are: {@link ReasonCode#NEVER_FITS}, {@link
   * ReasonCode#QUOTA}...
   */
  ReasonCode code();

  /** Why the candidate cannot run now, or empty when it may. */
  Optional<String> reject(Candidate candidate, CycleView view);
}
