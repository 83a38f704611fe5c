package dev.wanka.sched.plugin;

import dev.wanka.sched.Gang;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The queue orders Wanka ships, by name. */
public final class QueueOrders {
  private QueueOrders() {}

  /** Submission order. */
  public static final QueueOrder FIFO = named("fifo", view -> Comparator.comparing(g -> 0));

  /** Higher priority first, then submission order (as Kubernetes' default queue sort). */
  public static final QueueOrder PRIORITY =
      named("priority", view -> Comparator.comparingInt((Gang g) -> -g.priority()));

  /**
   * Shortest job first on the user's estimated run time (device-count times seconds is not used: a
   * short wide job still frees its devices soon); work without an estimate goes last.
   */
  public static final QueueOrder SHORTEST_JOB_FIRST =
      named(
          "sjf",
          view ->
              Comparator.comparingLong((Gang g) -> g.estimatedSeconds().orElse(Long.MAX_VALUE)));

  /**
   * Least attained service (Tiresias' 2D-LAS): the gang whose workload has received the fewest
   * device-seconds so far goes first, so new and small jobs are not stuck behind long ones without
   * needing run-time estimates.
   */
  public static final QueueOrder LEAST_ATTAINED_SERVICE =
      named(
          "las",
          view -> Comparator.comparingDouble((Gang g) -> view.attainedDeviceSeconds(g.id())));

  /**
   * Dominant resource fairness between tenants: the tenant with the smallest dominant share goes
   * first, then higher priority.
   */
  public static final QueueOrder DOMINANT_RESOURCE_FAIRNESS =
      named(
          "drf",
          view ->
              Comparator.comparingDouble((Gang g) -> view.dominantShare(g.tenant()))
                  .thenComparingInt(g -> -g.priority()));

  public static final List<QueueOrder> ALL =
      List.of(
          FIFO, PRIORITY, SHORTEST_JOB_FIRST, LEAST_ATTAINED_SERVICE, DOMINANT_RESOURCE_FAIRNESS);

  public static Optional<QueueOrder> byName(String name) {
    return ALL.stream().filter(order -> order.name().equals(name)).findFirst();
  }

  public static List<String> names() {
    return ALL.stream().map(QueueOrder::name).toList();
  }

  /** What is wrong with a name that is not a queue order, and the names allowed. */
  public static String notAnOrder(String name) {
    return "'" + name + "' is not a queue order; allowed: " + String.join(", ", names());
  }

  /** Every order breaks ties by submission time, then by gang id. */
  private static QueueOrder named(
      String name, java.util.function.Function<CycleView, Comparator<Gang>> primary) {
    return new QueueOrder() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Comparator<Gang> comparator(CycleView view) {
        return primary
            .apply(view)
            .thenComparingLong(g -> g.workload().submitSeconds())
            .thenComparing(Gang::id);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
