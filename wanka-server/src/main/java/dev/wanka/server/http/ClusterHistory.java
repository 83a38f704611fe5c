package dev.wanka.server.http;

import dev.wanka.api.DeviceMap;
import dev.wanka.api.HistoryPoint;
import dev.wanka.api.JobState;
import dev.wanka.server.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cluster over time, for the dashboard's charts: a sample as often as the server's tuning says
 * (every 30 s by default), stored (so it survives a restart) and kept {@link #KEEP_MILLIS}; a
 * window of samples is answered with at most {@link #MAX_POINTS}, neighbours averaged.
 */
final class ClusterHistory {
  static final long KEEP_MILLIS = TimeUnit.DAYS.toMillis(7);
  static final int MAX_POINTS = 720;

  private final Store store;

  ClusterHistory(Store store) {
    this.store = store;
  }

  /** The cluster now, from its devices and the jobs by state. */
  static HistoryPoint sampleOf(DeviceMap map, Map<JobState, Integer> jobs, long nowMillis) {
    int busy = 0;
    int failed = 0;
    double utilization = 0;
    double power = 0;
    int busyState = map.states().indexOf("busy");
    int failedState = map.states().indexOf("failed");
    for (int d = 0; d < map.state().length; d++) {
      busy += map.state()[d] == busyState ? 1 : 0;
      failed += map.state()[d] == failedState ? 1 : 0;
      utilization += map.utilization()[d];
      power += map.powerWatts()[d];
    }
    int devices = map.state().length;
    return new HistoryPoint(
        nowMillis,
        devices,
        busy,
        failed,
        map.nodes().size(),
        (int) map.nodes().stream().filter(n -> !n.state().equals("Ready")).count(),
        jobs.getOrDefault(JobState.Pending, 0),
        jobs.getOrDefault(JobState.Running, 0),
        jobs.getOrDefault(JobState.Interrupted, 0),
        jobs.getOrDefault(JobState.Failed, 0),
        devices == 0 ? 0 : utilization / devices,
        power);
  }

  /** Stores a sample and drops those older than the history keeps. */
  void record(HistoryPoint point) {
    store.write(
        w -> {
          w.insertHistory(point);
          w.deleteHistoryBefore(point.atMillis() - KEEP_MILLIS);
        });
  }

  /** The samples from {@code fromMillis} on, at most {@link #MAX_POINTS}. */
  List<HistoryPoint> since(long fromMillis) {
    return thinned(store.historySince(fromMillis), MAX_POINTS);
  }

  /**
   * At most {@code most} points: runs of neighbours averaged into one, at the time of the last of
   * the run, which also gives its failed-jobs total (a count that only grows).
   */
  static List<HistoryPoint> thinned(List<HistoryPoint> points, int most) {
    int run = (points.size() + most - 1) / most;
    if (run <= 1) {
      return points;
    }
    List<HistoryPoint> thinned = new ArrayList<>();
    for (int from = 0; from < points.size(); from += run) {
      thinned.add(mean(points.subList(from, Math.min(points.size(), from + run))));
    }
    return thinned;
  }

  private static HistoryPoint mean(List<HistoryPoint> run) {
    HistoryPoint last = run.get(run.size() - 1);
    int n = run.size();
    return new HistoryPoint(
        last.atMillis(),
        (int) Math.round(run.stream().mapToInt(HistoryPoint::devices).sum() / (double) n),
        (int) Math.round(run.stream().mapToInt(HistoryPoint::devicesBusy).sum() / (double) n),
        (int) Math.round(run.stream().mapToInt(HistoryPoint::devicesFailed).sum() / (double) n),
        (int) Math.round(run.stream().mapToInt(HistoryPoint::nodes).sum() / (double) n),
        (int) Math.round(run.stream().mapToInt(HistoryPoint::nodesNotReady).sum() / (double) n),
        (int) Math.round(run.stream().mapToInt(HistoryPoint::jobsPending).sum() / (double) n),
        (int) Math.round(run.stream().mapToInt(HistoryPoint::jobsRunning).sum() / (double) n),
        (int) Math.round(run.stream().mapToInt(HistoryPoint::jobsInterrupted).sum() / (double) n),
        last.jobsFailedTotal(),
        run.stream().mapToDouble(HistoryPoint::utilization).average().orElse(0),
        run.stream().mapToDouble(HistoryPoint::powerWatts).average().orElse(0));
  }
}
