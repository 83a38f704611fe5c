package dev.wanka.sched.plugin;

import dev.wanka.sched.Gang;
import java.util.Comparator;

/**
 * The <b>queue order</b> extension point: in which order a cycle considers pending gangs. Every
 * order ends with submission order (gang id), so it is total and deterministic.
 */
public interface QueueOrder {
  /** The name a scheduler configuration uses for it. */
  String name();

  /** The order for one cycle; it may read the cycle's state (attained service, shares). */
  Comparator<Gang> comparator(CycleView view);
}
