#include "schema.h"

#include <array>

namespace tunelab::store::schema {
namespace {

// Version 1. Documented column by column in docs/SCHEMA.md.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE session (
  id             INTEGER PRIMARY KEY,
  label          TEXT    NOT NULL DEFAULT '',
  status         TEXT    NOT NULL CHECK (status IN ('running', 'complete', 'interrupted')),
  started_at     TEXT    NOT NULL,
  ended_at       TEXT,
  command_line   TEXT    NOT NULL DEFAULT '',
  host           TEXT    NOT NULL DEFAULT '',
  cpu_model      TEXT    NOT NULL DEFAULT '',
  logical_cores  INTEGER NOT NULL DEFAULT 0,
  physical_cores INTEGER NOT NULL DEFAULT 0,
  kernel         TEXT    NOT NULL DEFAULT '',
  compiler       TEXT    NOT NULL DEFAULT '',
  compiler_flags TEXT    NOT NULL DEFAULT '',
  build_type     TEXT    NOT NULL DEFAULT '',
  git_revision   TEXT    NOT NULL DEFAULT '',
  tunelab_version TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX session_label ON session(label);

CREATE TABLE session_env (
  session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
  key        TEXT    NOT NULL,
  value      TEXT    NOT NULL,
  PRIMARY KEY (session_id, key)
) WITHOUT ROWID;

CREATE TABLE run (
  id         INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  name       TEXT    NOT NULL,
  workload   TEXT    NOT NULL,
  variant    TEXT    NOT NULL,
  threads    INTEGER NOT NULL DEFAULT 1 CHECK (threads >= 1),
  ranks      INTEGER NOT NULL DEFAULT 1 CHECK (ranks >= 1),
  status     TEXT    NOT NULL CHECK (status IN ('ok', 'failed', 'timeout', 'crashed')),
  reason     TEXT    NOT NULL DEFAULT '',
  UNIQUE (session_id, seq)
);
CREATE INDEX run_name ON run(name);

CREATE TABLE run_param (
  run_id   INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  key      TEXT    NOT NULL,
  value    TEXT    NOT NULL,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID;

CREATE TABLE sample (
  id          INTEGER PRIMARY KEY,
  run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
  repetition  INTEGER NOT NULL CHECK (repetition >= 0),
  iterations  INTEGER NOT NULL CHECK (iterations >= 1),
  wall_s      REAL    NOT NULL CHECK (wall_s >= 0),
  cpu_s       REAL    NOT NULL CHECK (cpu_s >= 0),
  UNIQUE (run_id, repetition)
);

CREATE TABLE counter (
  sample_id       INTEGER NOT NULL REFERENCES sample(id) ON DELETE CASCADE,
  event           TEXT    NOT NULL,
  value           REAL,
  supported       INTEGER NOT NULL CHECK (supported IN (0, 1)),
  time_enabled_ns INTEGER NOT NULL DEFAULT 0,
  time_running_ns INTEGER NOT NULL DEFAULT 0,
  simulated       INTEGER NOT NULL DEFAULT 0 CHECK (simulated IN (0, 1)),
  reason          TEXT    NOT NULL DEFAULT '',
  UNIQUE (sample_id, event),
  CHECK ((supported = 1) = (value IS NOT NULL))
);

CREATE TABLE alloc (
  sample_id       INTEGER PRIMARY KEY REFERENCES sample(id) ON DELETE CASCADE,
  allocations     INTEGER NOT NULL,
  frees           INTEGER NOT NULL,
  bytes           INTEGER NOT NULL,
  peak_live_bytes INTEGER NOT NULL,
  pool_bytes      INTEGER,
  allocated_bytes INTEGER
);

CREATE TABLE metric (
  sample_id INTEGER NOT NULL REFERENCES sample(id) ON DELETE CASCADE,
  name      TEXT    NOT NULL,
  value     REAL    NOT NULL,
  unit      TEXT    NOT NULL DEFAULT '',
  UNIQUE (sample_id, name)
);
)sql";

// Version 2: time per region (TUNELAB_REGION) per sample.
constexpr std::string_view kV2 = R"sql(
CREATE TABLE region (
  sample_id INTEGER NOT NULL REFERENCES sample(id) ON DELETE CASCADE,
  name      TEXT    NOT NULL,
  seconds   REAL    NOT NULL CHECK (seconds >= 0),
  entries   INTEGER NOT NULL CHECK (entries >= 0),
  UNIQUE (sample_id, name)
);
)sql";

// Version 3: curves a workload reports per sample (series, series_point), and the
// per-thread mode's CPU time and counts per thread (thread_stat, thread_counter).
constexpr std::string_view kV3 = R"sql(
CREATE TABLE series (
  id        INTEGER PRIMARY KEY,
  sample_id INTEGER NOT NULL REFERENCES sample(id) ON DELETE CASCADE,
  name      TEXT    NOT NULL,
  unit      TEXT    NOT NULL DEFAULT '',
  x_name    TEXT    NOT NULL DEFAULT '',
  UNIQUE (sample_id, name)
);

CREATE TABLE series_point (
  series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
  idx       INTEGER NOT NULL CHECK (idx >= 0),
  x         REAL    NOT NULL,
  y         REAL    NOT NULL,
  PRIMARY KEY (series_id, idx)
) WITHOUT ROWID;

CREATE TABLE thread_stat (
  sample_id INTEGER NOT NULL REFERENCES sample(id) ON DELETE CASCADE,
  thread    INTEGER NOT NULL CHECK (thread >= 0),
  cpu_s     REAL    NOT NULL CHECK (cpu_s >= 0),
  PRIMARY KEY (sample_id, thread)
) WITHOUT ROWID;

CREATE TABLE thread_counter (
  sample_id       INTEGER NOT NULL REFERENCES sample(id) ON DELETE CASCADE,
  thread          INTEGER NOT NULL CHECK (thread >= 0),
  event           TEXT    NOT NULL,
  value           REAL,
  time_enabled_ns INTEGER NOT NULL DEFAULT 0,
  time_running_ns INTEGER NOT NULL DEFAULT 0,
  reason          TEXT    NOT NULL DEFAULT '',
  UNIQUE (sample_id, thread, event)
);
)sql";

// Version 4: counters per region (--region-counters).
constexpr std::string_view kV4 = R"sql(
CREATE TABLE region_counter (
  sample_id       INTEGER NOT NULL REFERENCES sample(id) ON DELETE CASCADE,
  region          TEXT    NOT NULL,
  event           TEXT    NOT NULL,
  value           REAL,
  time_enabled_ns INTEGER NOT NULL DEFAULT 0,
  time_running_ns INTEGER NOT NULL DEFAULT 0,
  reason          TEXT    NOT NULL DEFAULT '',
  UNIQUE (sample_id, region, event)
);
)sql";

// Version 5: each sample's place in the session's execution order (interleaved
// repetitions: the samples of a run are no longer consecutive). NULL: not recorded.
constexpr std::string_view kV5 = R"sql(
ALTER TABLE sample ADD COLUMN position INTEGER CHECK (position IS NULL OR position >= 0);
)sql";

// Version 6: regions entered while a case was prepared, before its first sample (an index
// trained and filled): once per run.
constexpr std::string_view kV6 = R"sql(
CREATE TABLE setup_region (
  run_id  INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
  name    TEXT    NOT NULL,
  seconds REAL    NOT NULL CHECK (seconds >= 0),
  entries INTEGER NOT NULL CHECK (entries >= 0),
  UNIQUE (run_id, name)
);
)sql";

constexpr std::array kMigrations = {
    Migration{1, kV1},
    Migration{2, kV2},
    Migration{3, kV3},
    Migration{4, kV4},
    Migration{5, kV5},
    Migration{6, kV6},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

}  // namespace tunelab::store::schema
