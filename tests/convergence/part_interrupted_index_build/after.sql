CREATE TABLE jobs (
    id integer NOT NULL,
    queue text NOT NULL,
    state text
) PARTITION BY LIST (queue);
CREATE TABLE jobs_mail PARTITION OF jobs FOR VALUES IN ('mail');
CREATE TABLE jobs_sms PARTITION OF jobs FOR VALUES IN ('sms');
CREATE INDEX jobs_state_idx ON jobs (state);
