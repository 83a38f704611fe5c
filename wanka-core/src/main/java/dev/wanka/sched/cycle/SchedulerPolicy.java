package dev.wanka.sched.cycle;

import dev.wanka.sched.plugin.Filter;
import dev.wanka.sched.plugin.Filters;
import dev.wanka.sched.plugin.NodePacking;
import dev.wanka.sched.plugin.NodePackings;
import dev.wanka.sched.plugin.Permit;
import dev.wanka.sched.plugin.Permits;
import dev.wanka.sched.plugin.Preempt;
import dev.wanka.sched.plugin.Preemptions;
import dev.wanka.sched.plugin.QueueOrder;
import dev.wanka.sched.plugin.QueueOrders;
import dev.wanka.sched.plugin.Scores;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which plugin runs at each extension point of a cycle, and whether the head-of-line gang gets an
 * EASY backfill reservation. {@link #defaults()}: priority order, every filter, score and permit,
 * quota reclaim then priority preemption, tightest node packing, backfill on.
 */
public record SchedulerPolicy(
    QueueOrder queueOrder,
    List<Filter> filters,
    List<Scores.Weighted> scores,
    List<Permit> permits,
    List<Preempt> preemptions,
    NodePacking nodePacking,
    boolean backfill) {
  public SchedulerPolicy {
    Objects.requireNonNull(queueOrder, "queueOrder");
    filters = List.copyOf(filters);
    scores = List.copyOf(scores);
    permits = List.copyOf(permits);
    preemptions = List.copyOf(preemptions);
    Objects.requireNonNull(nodePacking, "nodePacking");
  }

  public static SchedulerPolicy defaults() {
    return new SchedulerPolicy(
        QueueOrders.PRIORITY,
        Filters.ALL,
        Scores.ALL,
        Permits.ALL,
        Preemptions.ALL,
        NodePackings.TIGHTEST,
        true);
  }

  /**
   * The default policy with the queue order, the preemption policies and the node packing chosen by
   * name, as a configuration file or a command line gives them.
   *
   * @throws IllegalArgumentException naming the field and the names allowed
   */
  public static SchedulerPolicy named(
      String queueOrder, List<String> preemptions, String packing, boolean backfill) {
    QueueOrder order =
        QueueOrders.byName(queueOrder)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "queueOrder: " + QueueOrders.notAnOrder(queueOrder)));
    List<Preempt> chosen = new ArrayList<>();
    for (String name : preemptions) {
      chosen.add(
          Preemptions.ALL.stream()
              .filter(p -> p.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "preemption: '"
                              + name
                              + "' is not a preemption policy; allowed: "
                              + String.join(
                                  ", ", Preemptions.ALL.stream().map(Preempt::name).toList()))));
    }
    NodePacking nodePacking =
        NodePackings.byName(packing)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "nodePacking: '"
                            + packing
                            + "' is not a node packing; allowed: "
                            + String.join(", ", NodePackings.names())));
    return defaults()
        .withQueueOrder(order)
        .withPreemptions(chosen)
        .withNodePacking(nodePacking)
        .withBackfill(backfill);
  }

  public SchedulerPolicy withQueueOrder(QueueOrder order) {
    return new SchedulerPolicy(order, filters, scores, permits, preemptions, nodePacking, backfill);
  }

  public SchedulerPolicy withPreemptions(List<Preempt> chosen) {
    return new SchedulerPolicy(queueOrder, filters, scores, permits, chosen, nodePacking, backfill);
  }

  public SchedulerPolicy withBackfill(boolean on) {
    return new SchedulerPolicy(queueOrder, filters, scores, permits, preemptions, nodePacking, on);
  }

  public SchedulerPolicy withNodePacking(NodePacking packing) {
    return new SchedulerPolicy(
        queueOrder, filters, scores, permits, preemptions, packing, backfill);
  }

  public boolean preempts() {
    return !preemptions.isEmpty();
  }
}
