-- The current settings (one row) and every version they have had.
CREATE TABLE settings (
  id            integer PRIMARY KEY CHECK (id = 1),
  cdn_host      text        NOT NULL,
  cdn_weight    integer     NOT NULL CHECK (cdn_weight BETWEEN 0 AND 1000000),
  origin_weight integer     NOT NULL CHECK (origin_weight BETWEEN 0 AND 1000000),
  version       integer     NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    text        NOT NULL,
  CHECK (cdn_weight + origin_weight > 0)
);

CREATE TABLE settings_history (
  version        integer PRIMARY KEY,
  cdn_host       text        NOT NULL,
  cdn_weight     integer     NOT NULL,
  origin_weight  integer     NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  actor          text        NOT NULL,
  action         text        NOT NULL CHECK (action IN ('init', 'update', 'rollback')),
  -- For a rollback: the version whose content was restored.
  source_version integer
);
