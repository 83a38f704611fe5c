package dev.wanka.sim.twin;

import dev.wanka.sim.failure.FailureScope;

/**
 * One failure of a twin run.
 *
 * @param seconds when it happened
 * @param component what failed, as the failure model names it (e.g. "Faulty GPU")
 * @param scope what it took out
 * @param unit the device, node or leaf group it took out, by the cluster's numbering
 * @param where that unit by name: {@code h100-0003/5}, {@code h100-0003}, or {@code leaf 2
 *     (h100-0065 .. h100-0096)}
 * @param jobsStopped jobs running there, which stopped making progress
 */
public record FailureRecord(
    long seconds, String component, FailureScope scope, int unit, String where, int jobsStopped) {}
