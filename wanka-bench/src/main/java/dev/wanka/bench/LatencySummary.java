package dev.wanka.bench;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The requests of one kind sent within a window, and how long they took (send to whole reply read,
 * as the client saw it). Percentiles are nearest-rank over every successful request.
 *
 * @param requests answered with 2xx
 * @param failed answered with an error status, timed out or refused
 * @param skipped due but not sent: the same agent's previous request was still open (or the agent
 *     was registering again)
 * @param ratePerSecond requests sent (answered or failed) per second of the window
 * @param failures how many failed, by reason (HTTP status or exception)
 */
record LatencySummary(
    String kind,
    long requests,
    long failed,
    long skipped,
    double ratePerSecond,
    double p50Millis,
    double p90Millis,
    double p99Millis,
    double p999Millis,
    double maxMillis,
    double meanMillis,
    Map<String, Long> failures) {
  LatencySummary {
    failures = Collections.unmodifiableMap(new TreeMap<>(failures));
  }
}
