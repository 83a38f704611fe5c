package dev.wanka.server.control;

import dev.wanka.workload.Manifest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The parsed manifests of jobs no longer live, the most recently used kept. A finished job's
 * manifest never changes, and listing jobs shows the newest hundreds of them every time: reading
 * their YAML again for each list cost most of it.
 */
final class FinishedManifests {
  private static final int KEPT = 4_096;

  private final Map<Long, Manifest> byJob =
      new LinkedHashMap<>(KEPT * 2, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Manifest> eldest) {
          return size() > KEPT;
        }
      };

  /** The job's manifest, read with {@code read} the first time. */
  Manifest get(long jobId, Function<Long, Manifest> read) {
    synchronized (byJob) {
      Manifest kept = byJob.get(jobId);
      if (kept != null) {
        return kept;
      }
    }
    Manifest manifest = read.apply(jobId);
    synchronized (byJob) {
      byJob.put(jobId, manifest);
    }
    return manifest;
  }
}
