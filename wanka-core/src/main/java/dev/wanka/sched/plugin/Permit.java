package dev.wanka.sched.plugin;

import dev.wanka.sched.placement.Placement;
import java.util.Optional;

/**
 * The <b>permit</b> extension point: the last word on a placement before its devices and quota are
 * reserved, e.g. that starting it now would not delay a reservation.
 */
public interface Permit {
  String name();

  /** Why the placement may not start now, or empty when it may. */
  Optional<String> deny(Candidate candidate, Placement placement, CycleView view);
}
