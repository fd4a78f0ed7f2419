-- part_interrupted_index_build: a plan building an index on a partitioned table was
-- interrupted: the parent's index exists ON ONLY (INVALID), one partition's index is
-- built and attached, the other's not. A fresh plan completes it (builds and attaches
-- the rest; the parent's index becomes valid) instead of dropping and rebuilding it.
CREATE TABLE jobs (
    id integer NOT NULL,
    queue text NOT NULL,
    state text
) PARTITION BY LIST (queue);
CREATE TABLE jobs_mail PARTITION OF jobs FOR VALUES IN ('mail');
CREATE TABLE jobs_sms PARTITION OF jobs FOR VALUES IN ('sms');
CREATE INDEX jobs_state_idx ON ONLY jobs (state);
CREATE INDEX jobs_mail_state_idx ON jobs_mail (state);
ALTER INDEX jobs_state_idx ATTACH PARTITION jobs_mail_state_idx;
INSERT INTO jobs VALUES (1, 'mail', 'new'), (2, 'sms', 'done');
