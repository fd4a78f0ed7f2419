-- schema_scoped: drift.toml compares only public and app (`schemas`). app lacks a
-- column and an index the target has; vendor, which the target also declares
-- differently, and tmp, which the target lacks, are out of scope: neither read,
-- reported nor planned.
CREATE SCHEMA app;
CREATE SCHEMA vendor;
CREATE SCHEMA tmp;
CREATE TABLE app.users (id integer PRIMARY KEY, email text NOT NULL);
CREATE TABLE vendor.feed (id integer PRIMARY KEY, raw text);
CREATE TABLE tmp.scratch (id integer);
INSERT INTO app.users VALUES (1, 'a@example.com'), (2, 'b@example.com');
INSERT INTO vendor.feed VALUES (1, 'x');
INSERT INTO tmp.scratch VALUES (1);
