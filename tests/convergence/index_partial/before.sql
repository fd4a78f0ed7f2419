-- index_partial: a new partial index, a new partial unique index (its duplicates sit
-- outside the predicate, so the guard passes), and an existing partial index whose
-- predicate changes (same name: drift drops and rebuilds it).
CREATE TABLE jobs (
    id integer PRIMARY KEY,
    queue text NOT NULL,
    state text NOT NULL,
    run_at timestamptz,
    dedup_key text
);
CREATE INDEX jobs_pending_idx ON jobs (run_at) WHERE state = 'pending';
INSERT INTO jobs VALUES (1, 'mail', 'pending', '2024-01-01', 'k1'),
                        (2, 'mail', 'done', '2024-01-02', 'k1'),
                        (3, 'sms', 'failed', NULL, 'k2'),
                        (4, 'sms', 'pending', NULL, NULL);
