package dev.wanka.sched.plugin;

import dev.wanka.sched.Allocation;
import java.util.List;

/**
 * Victims whose stopping lets {@code candidate} run, and why they were chosen ({@code reason}, e.g.
 * "priority 100 over 0" or "reclaims 64 h100-sxm of team-a's guarantee").
 */
public record PreemptionPlan(Candidate candidate, List<Allocation> victims, String reason) {
  public PreemptionPlan {
    victims = List.copyOf(victims);
    if (victims.isEmpty()) {
      throw new IllegalArgumentException("a preemption plan needs at least one victim");
    }
  }
}
