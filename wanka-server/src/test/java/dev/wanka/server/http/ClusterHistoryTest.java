package dev.wanka.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wanka.api.ApiPaths;
import dev.wanka.api.DeviceMap;
import dev.wanka.api.HistoryPoint;
import dev.wanka.api.JobState;
import dev.wanka.api.WireJson;
import dev.wanka.server.TestDatabases;
import dev.wanka.server.TestServer;
import dev.wanka.server.store.Database;
import dev.wanka.server.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster's history: samples, their keeping, thinning, and {@code GET .../history}. */
class ClusterHistoryTest {
  @TempDir Path directory;

  private static HistoryPoint point(long at, int busy, long failedTotal) {
    return new HistoryPoint(at, 16, busy, 0, 2, 0, 3, 1, 0, failedTotal, busy / 16.0, 100.0 * busy);
  }

  @Test
  void aSampleCountsDevicesByStateAndAveragesTheirReadings() {
    DeviceMap map =
        new DeviceMap(
            DeviceMap.STATES,
            List.of(
                new DeviceMap.Node(
                    "a", "h100-sxm", "h100-sxm-2", 0, 0, "Ready", false, false, 5, 0, 2),
                new DeviceMap.Node(
                    "b", "h100-sxm", "h100-sxm-2", 0, 0, "NotReady", false, false, 50_000, 2, 2)),
            new int[] {2, 5, 6, 6},
            new double[] {1.0, 0.0, 0.5, 0.5},
            new double[] {60, 30, 40, 40},
            new double[] {700, 100, 0, 0});

    HistoryPoint sample =
        ClusterHistory.sampleOf(
            map, Map.of(JobState.Pending, 7, JobState.Running, 2, JobState.Failed, 4), 1234);

    assertThat(sample).isEqualTo(new HistoryPoint(1234, 4, 1, 1, 2, 1, 7, 2, 0, 4, 0.5, 800));
  }

  @Test
  void samplesAreStoredAndThoseOlderThanAWeekDropped() {
    try (Database database = Database.open(TestDatabases.h2(directory), "", "")) {
      ClusterHistory history = new ClusterHistory(new Store(database));
      long now = Duration.ofDays(30).toMillis();
      history.record(point(now - Duration.ofDays(8).toMillis(), 1, 0));
      history.record(point(now - 60_000, 2, 0));
      history.record(point(now, 4, 1));

      assertThat(history.since(0)).extracting(HistoryPoint::devicesBusy).containsExactly(2, 4);
      assertThat(history.since(now - 1)).extracting(HistoryPoint::devicesBusy).containsExactly(4);
    }
  }

  @Test
  void aLongWindowIsThinnedToAveragesOfNeighboursEndingAtTheLast() {
    List<HistoryPoint> points = new ArrayList<>();
    for (int i = 0; i < 1441; i++) {
      points.add(point(i * 1000L, i % 2 == 0 ? 0 : 16, i));
    }

    List<HistoryPoint> thinned = ClusterHistory.thinned(points, 720);

    assertThat(thinned).hasSizeLessThanOrEqualTo(720).hasSizeGreaterThan(470);
    HistoryPoint first = thinned.get(0); // points 0, 1, 2
    assertThat(first.atMillis()).isEqualTo(2000);
    assertThat(first.jobsFailedTotal()).isEqualTo(2);
    assertThat(first.utilization()).isEqualTo(1 / 3.0);
    assertThat(thinned.get(thinned.size() - 1).atMillis()).isEqualTo(1440_000);
    assertThat(ClusterHistory.thinned(points.subList(0, 10), 720)).hasSize(10);
  }

  @Test
  void theServerSamplesFromItsStartAndAnswersAWindow() {
    try (TestServer server = new TestServer(directory, Optional.empty(), TestServer.fastTuning())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> !history(server, "").isEmpty());

      List<HistoryPoint> points = history(server, "?hours=1");
      assertThat(points).isNotEmpty();
      assertThat(points.get(0).devices()).isZero();
      assertThat(server.user("team-a").getText(ApiPaths.CLUSTER_HISTORY)).startsWith("[");
    }
  }

  private static List<HistoryPoint> history(TestServer server, String query) {
    return List.of(
        WireJson.read(
            server.admin().getText(ApiPaths.CLUSTER_HISTORY + query), HistoryPoint[].class));
  }
}
