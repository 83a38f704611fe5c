package dev.wanka.server.http;

import dev.wanka.api.ClusterSummary;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics: devices by state and type, jobs by state, queue depth, the
 * scheduling-cycle latency histogram, heartbeat lag and API latency. Gauges are refreshed at each
 * scrape from the live state; no metric has a per-device or per-job label.
 */
final class ServerMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer cycles;
  private final java.util.Map<String, Timer> requests =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final MultiGauge devices;
  private final MultiGauge jobs;
  private final MultiGauge nodes;
  private volatile double pending;
  private volatile double heartbeatLagMax;

  ServerMetrics() {
    cycles =
        Timer.builder("wanka.scheduling.cycle")
            .description("Duration of a scheduling cycle, its commit included")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(100_000))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    devices =
        MultiGauge.builder("wanka.devices")
            .description("Devices by state and accelerator type")
            .register(registry);
    jobs = MultiGauge.builder("wanka.jobs").description("Jobs by state").register(registry);
    nodes = MultiGauge.builder("wanka.nodes").description("Nodes by state").register(registry);
    registry.gauge("wanka.queue.depth", Tags.empty(), this, m -> m.pending);
    registry.gauge("wanka.heartbeat.lag.max.seconds", Tags.empty(), this, m -> m.heartbeatLagMax);
  }

  void cycleTook(long nanos) {
    cycles.record(nanos, TimeUnit.NANOSECONDS);
  }

  void requestTook(String route, int status, long nanos) {
    String statusClass = (status / 100) + "xx";
    requests
        .computeIfAbsent(
            route + " " + statusClass,
            key ->
                Timer.builder("wanka.http.requests")
                    .tags("route", route, "status", statusClass)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(100_000))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The exposition text, after refreshing the gauges from {@code state}. */
  String scrape(Supplier<State> state) {
    State now = state.get();
    List<MultiGauge.Row<?>> deviceRows = new ArrayList<>();
    now.devicesByTypeAndState.forEach(
        (type, byState) ->
            byState.forEach(
                (s, count) ->
                    deviceRows.add(MultiGauge.Row.of(Tags.of("type", type, "state", s), count))));
    devices.register(deviceRows, true);
    List<MultiGauge.Row<?>> jobRows = new ArrayList<>();
    now.summary
        .jobsByState()
        .forEach((s, count) -> jobRows.add(MultiGauge.Row.of(Tags.of("state", s), count)));
    jobs.register(jobRows, true);
    nodes.register(
        List.of(
            MultiGauge.Row.of(Tags.of("state", "Ready"), now.summary.nodesReady()),
            MultiGauge.Row.of(
                Tags.of("state", "NotReady"), now.summary.nodes() - now.summary.nodesReady())),
        true);
    pending = now.summary.jobsByState().getOrDefault("Pending", 0);
    heartbeatLagMax = now.heartbeatLagMaxSeconds;
    return registry.scrape();
  }

  /** What a scrape reports. */
  record State(
      ClusterSummary summary,
      Map<String, Map<String, Integer>> devicesByTypeAndState,
      double heartbeatLagMaxSeconds) {}
}
