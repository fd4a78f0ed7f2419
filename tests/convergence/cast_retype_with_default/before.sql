-- cast_retype_with_default: a text column with a text default becomes an enum with an
-- enum default. The old default cannot be cast to the enum: it is dropped in the same
-- ALTER TABLE as the type change, and the target's default is set after it.
CREATE TYPE plan_tier AS ENUM ('free', 'pro');
CREATE TABLE subscriptions (id integer PRIMARY KEY, tier text NOT NULL DEFAULT 'free');
INSERT INTO subscriptions VALUES (1, 'free'), (2, 'pro');
