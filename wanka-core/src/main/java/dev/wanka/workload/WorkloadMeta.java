package dev.wanka.workload;

/**
 * What every workload carries, whatever its kind.
 *
 * @param id assigned by the driver, unique
 * @param name a slug the user chose; need not be unique
 * @param submitSeconds when it was submitted, in seconds on the driver's clock (given, never read
 *     here); 0 or more
 */
public record WorkloadMeta(
    WorkloadId id,
    String name,
    Tenant tenant,
    QueueName queue,
    PriorityClass priorityClass,
    long submitSeconds) {
  public WorkloadMeta {
    Checks.present("id", id);
    Checks.slug("name", name);
    Checks.present("tenant", tenant);
    Checks.present("queue", queue);
    Checks.present("priority", priorityClass);
    Checks.range("submitSeconds", submitSeconds, 0, Long.MAX_VALUE);
  }
}
