package dev.wanka.server.control;

import dev.wanka.catalog.Catalog;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.SchedulerConfigReader;
import dev.wanka.sched.quota.BorrowingPolicy;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.sched.quota.Quota;
import dev.wanka.workload.PriorityClass;
import dev.wanka.workload.PriorityClasses;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The scheduler configuration the server runs with: an operator's file (priority classes and queues
 * with quotas, docs/workloads.md), or, without one, the open default: one queue per tenant, named
 * after it, with no quota limit on any accelerator type the cluster has.
 */
public final class SchedulerSetup {
  /** The default priority classes: what a cluster without a configuration file offers. */
  public static final PriorityClasses DEFAULT_CLASSES =
      new PriorityClasses(
          List.of(
              new PriorityClass("production", 1000, false, OptionalLong.empty()),
              new PriorityClass("normal", 100, true, OptionalLong.of(30)),
              new PriorityClass("best-effort", 0, true, OptionalLong.of(10))),
          "normal");

  /** "No limit" in the open default: the most devices a quota may name. */
  static final long UNLIMITED = 4_000_000;

  private final SchedulerConfig configured;

  private SchedulerSetup(SchedulerConfig configured) {
    this.configured = configured;
  }

  /** The open default. */
  public static SchedulerSetup open() {
    return new SchedulerSetup(null);
  }

  /**
   * An operator's configuration file.
   *
   * @throws dev.wanka.spec.SpecException naming every mistake in it
   */
  public static SchedulerSetup fromFile(String source, String yaml, Catalog catalog) {
    return new SchedulerSetup(SchedulerConfigReader.read(source, yaml, catalog));
  }

  public boolean isOpen() {
    return configured == null;
  }

  /** The configuration for these tenants on a cluster with these accelerator types. */
  public SchedulerConfig config(Collection<String> tenants, Collection<String> acceleratorTypes) {
    if (configured != null) {
      return configured;
    }
    QueueTree.Builder queues = QueueTree.builder();
    Map<String, Quota> quota = new TreeMap<>();
    for (String type : acceleratorTypes) {
      quota.put(type, new Quota(UNLIMITED, UNLIMITED));
    }
    for (String tenant : tenants) {
      queues.queue(tenant, tenant, BorrowingPolicy.BORROW_AND_LEND, quota);
    }
    return new SchedulerConfig(DEFAULT_CLASSES, queues.build());
  }
}
