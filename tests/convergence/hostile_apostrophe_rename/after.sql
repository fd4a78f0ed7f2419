CREATE TABLE alarms (
    id integer PRIMARY KEY,
    "o'clock" integer NOT NULL,
    email text NOT NULL,
    CONSTRAINT alarms_hour_check CHECK ("o'clock" BETWEEN 0 AND 23 AND email <> '')
);
CREATE INDEX alarms_morning_idx ON alarms (email) WHERE "o'clock" < 12 AND email LIKE '%@%';
