-- The cluster over time, one row per sample (every 30 s by default; kept 7 days): what the
-- dashboard's charts draw. Instant counts, except jobs_failed_total, which only grows.
CREATE TABLE cluster_history (
  at_millis BIGINT PRIMARY KEY,
  devices INT NOT NULL,
  devices_busy INT NOT NULL,
  devices_failed INT NOT NULL,
  nodes INT NOT NULL,
  nodes_not_ready INT NOT NULL,
  jobs_pending INT NOT NULL,
  jobs_running INT NOT NULL,
  jobs_interrupted INT NOT NULL,
  jobs_failed_total BIGINT NOT NULL,
  utilization DOUBLE PRECISION NOT NULL,
  power_watts DOUBLE PRECISION NOT NULL
);
