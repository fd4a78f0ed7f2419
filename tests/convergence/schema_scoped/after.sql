CREATE SCHEMA app;
CREATE SCHEMA vendor;
CREATE TABLE app.users (id integer PRIMARY KEY, email text NOT NULL, name text);
CREATE INDEX users_email_idx ON app.users (email);
CREATE TABLE vendor.feed (id bigint PRIMARY KEY, raw jsonb, received timestamptz);
