-- The control plane's store. Runs unchanged on H2 (MODE=PostgreSQL) and PostgreSQL.
-- Times are epoch milliseconds.

CREATE TABLE tenants (
  name        VARCHAR(63) PRIMARY KEY,
  created_at  BIGINT NOT NULL
);

-- Bearer tokens, by the SHA-256 of their secret; the secret itself is never stored.
CREATE TABLE tokens (
  id          BIGINT PRIMARY KEY,
  name        VARCHAR(128) NOT NULL,
  role        VARCHAR(16) NOT NULL,
  tenant      VARCHAR(63) NOT NULL,
  node        VARCHAR(253) NOT NULL,
  hash        CHAR(64) NOT NULL UNIQUE,
  created_at  BIGINT NOT NULL,
  revoked     BOOLEAN NOT NULL
);
CREATE SEQUENCE token_ids;

-- Nodes in registration order (seq): the order the live cluster model lays them out in.
CREATE TABLE nodes (
  name          VARCHAR(253) PRIMARY KEY,
  seq           BIGINT NOT NULL UNIQUE,
  address       VARCHAR(253) NOT NULL,
  accelerator   VARCHAR(64) NOT NULL,
  devices       TEXT NOT NULL,
  cordoned      BOOLEAN NOT NULL,
  draining      BOOLEAN NOT NULL,
  registered_at BIGINT NOT NULL
);

CREATE SEQUENCE job_ids;
CREATE TABLE jobs (
  id            BIGINT PRIMARY KEY,
  name          VARCHAR(63) NOT NULL,
  kind          VARCHAR(32) NOT NULL,
  tenant        VARCHAR(63) NOT NULL,
  queue         VARCHAR(255) NOT NULL,
  state         VARCHAR(16) NOT NULL,
  manifest      TEXT NOT NULL,
  submitted_at  BIGINT NOT NULL,
  started_at    BIGINT NOT NULL,
  finished_at   BIGINT NOT NULL,
  attempt       INT NOT NULL,
  exit_code     INT NOT NULL,
  reason        TEXT NOT NULL
);
CREATE INDEX jobs_by_state ON jobs (state);

-- One process per node of a gang's attempt. A task is live until its agent reports it ended or
-- its node is lost; `stop` asks the agent to end it.
CREATE TABLE tasks (
  id          VARCHAR(96) PRIMARY KEY,
  job_id      BIGINT NOT NULL REFERENCES jobs (id),
  replica     INT NOT NULL,
  attempt     INT NOT NULL,
  node        VARCHAR(253) NOT NULL,
  node_rank   INT NOT NULL,
  devices     VARCHAR(1024) NOT NULL,
  assignment  TEXT NOT NULL,
  stop        BOOLEAN NOT NULL,
  live        BOOLEAN NOT NULL,
  exit_code   INT NOT NULL,
  started_at  BIGINT NOT NULL,
  ended_at    BIGINT NOT NULL
);
CREATE INDEX tasks_by_job ON tasks (job_id);
CREATE INDEX tasks_live ON tasks (live);

-- The devices live tasks hold. The primary key is the database's own guarantee that no device
-- is ever held by two tasks at once.
CREATE TABLE device_claims (
  node     VARCHAR(253) NOT NULL,
  device   INT NOT NULL,
  task_id  VARCHAR(96) NOT NULL REFERENCES tasks (id),
  PRIMARY KEY (node, device)
);

CREATE SEQUENCE event_ids;
CREATE TABLE events (
  id       BIGINT PRIMARY KEY,
  job_id   BIGINT NOT NULL,
  at       BIGINT NOT NULL,
  type     VARCHAR(32) NOT NULL,
  message  TEXT NOT NULL
);
CREATE INDEX events_by_job ON events (job_id);
