package dev.wanka.sim.failure;

/**
 * One way work stops: a component of the Llama 3 interruption table, what a failure of it takes
 * out, how often it fails, and how long what it took is out afterwards.
 *
 * @param component the table's name, e.g. "Faulty GPU"
 * @param category the table's category: GPU, Host, Network, Dependency, Unplanned Maintenance,
 *     Unknown
 * @param scope what one failure takes out
 * @param perUnitHour failures per hour of one unit of the scope's kind: per device-hour for {@link
 *     FailureScope#DEVICE}, per node-hour for {@link FailureScope#NODE} and {@link
 *     FailureScope#LEAF} (a leaf fails with the rate of its nodes together)
 * @param repairSeconds how long what it took is out, from the failure's detection until it takes
 *     work again
 */
public record FailureMode(
    String component,
    String category,
    FailureScope scope,
    double perUnitHour,
    long repairSeconds) {}
