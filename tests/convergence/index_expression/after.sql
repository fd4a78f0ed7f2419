CREATE TABLE users (
    id integer PRIMARY KEY,
    email text NOT NULL,
    first_name text,
    last_name text,
    a integer,
    b integer,
    born timestamptz
);
CREATE INDEX users_name_idx ON users (lower(last_name), lower(first_name));
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
CREATE INDEX users_sum_idx ON users ((a + b));
CREATE INDEX users_coalesce_idx ON users (coalesce(first_name, ''), id);
CREATE INDEX users_born_date_idx ON users (((born AT TIME ZONE 'UTC')::date));
