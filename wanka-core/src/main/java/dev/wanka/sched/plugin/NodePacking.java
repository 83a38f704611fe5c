package dev.wanka.sched.plugin;

import dev.wanka.sched.placement.Placement;
import java.util.Optional;

/**
 * The <b>node packing</b> extension point (the score and reserve steps for work that fits on one
 * node): which node and which devices a request of a few whole devices, or a share of one device,
 * takes. This is where fragmentation is won or lost; the FGD paper's six policies plug in here.
 */
public interface NodePacking {
  String name();

  /** Devices on one node of the candidate's pool for it, or empty when no node can hold it. */
  Optional<Placement> place(Candidate candidate, CycleView view);
}
