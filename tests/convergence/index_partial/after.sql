CREATE TABLE jobs (
    id integer PRIMARY KEY,
    queue text NOT NULL,
    state text NOT NULL,
    run_at timestamptz,
    dedup_key text
);
CREATE INDEX jobs_pending_idx ON jobs (run_at) WHERE state IN ('pending', 'retry');
CREATE INDEX jobs_failed_idx ON jobs (queue) WHERE state = 'failed' AND run_at IS NULL;
CREATE UNIQUE INDEX jobs_dedup_key ON jobs (dedup_key) WHERE state <> 'done';
