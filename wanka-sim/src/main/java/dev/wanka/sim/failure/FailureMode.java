package dev.wanka.sim.failure;

/**
 * One way a node stops work: a component of the Llama 3 interruption table, how often it happens
 * per node-hour, and how long the node is out afterwards.
 *
 * @param component the table's name, e.g. "Faulty GPU"
 * @param category the table's category: GPU, Host, Network, Dependency, Unplanned Maintenance,
 *     Unknown
 * @param perNodeHour interruptions per node-hour
 * @param repairSeconds how long the node is down before it takes work again
 */
public record FailureMode(
    String component, String category, double perNodeHour, long repairSeconds) {}
