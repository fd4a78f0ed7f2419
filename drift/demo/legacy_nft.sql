-- Legacy database of the instance-first NFT app (docs/nft-app.md), as it stands before
-- the migration: old table names, old uniques, a half-done ownership_id backfill,
-- and planted rows that would make the switch fail.
--
-- Planted, and asserted exactly by the test suite:
--   user_nft_ownership.unique_nft_id      duplicates: 3 groups, 7 rows
--   user_nft_ownership.blockchain_nft_id  duplicates: 2 groups, 4 rows (NULLs are not duplicates)
--   prize_draw_results (ownership_id, draw_type_id) duplicates: 2 groups, 5 rows
--   prize_draw_results.ownership_id       NULL: 22 rows; orphans: 3 rows

CREATE TABLE users (
    id          serial PRIMARY KEY,
    in_app_id   varchar(64)  NOT NULL UNIQUE,
    nickname    varchar(64),
    paymail     varchar(255) UNIQUE,
    on_chain_id varchar(128),
    email       varchar(255),
    created_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE TABLE admins (
    id         serial PRIMARY KEY,
    email      varchar(255) NOT NULL UNIQUE,
    created_at timestamptz  NOT NULL DEFAULT now()
);
CREATE TABLE nft_templates (
    id          serial PRIMARY KEY,
    name        varchar(128) NOT NULL,
    description text,
    created_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE TABLE nfts (
    id                  serial PRIMARY KEY,
    prefix              varchar(32)  NOT NULL UNIQUE,
    name                varchar(128) NOT NULL,
    nft_type            varchar(32)  NOT NULL,
    category            varchar(64),
    triggers_bingo_card boolean      NOT NULL DEFAULT false,
    minted_count        integer      NOT NULL DEFAULT 0,
    template_id         integer REFERENCES nft_templates (id),
    created_at          timestamptz  NOT NULL DEFAULT now()
);
CREATE TABLE user_nft_ownership (
    id                serial PRIMARY KEY,
    user_id           integer      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    nft_id            integer      NOT NULL REFERENCES nfts (id),
    unique_nft_id     varchar(64)  NOT NULL,
    blockchain_nft_id varchar(128),
    nft_origin        varchar(128),
    other_meta        jsonb,
    acquired_at       timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT uq_user_nft_once UNIQUE (user_id, nft_id)
);
CREATE TABLE bingo_cards (
    id         serial PRIMARY KEY,
    user_id    integer     NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    nft_id     integer     NOT NULL REFERENCES nfts (id),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE bingo_cells (
    id                   serial PRIMARY KEY,
    bingo_card_id        integer  NOT NULL REFERENCES bingo_cards (id) ON DELETE CASCADE,
    cell_index           smallint NOT NULL,
    target_template_id   integer REFERENCES nfts (id),
    matched_ownership_id integer REFERENCES user_nft_ownership (id) ON DELETE SET NULL,
    unlocked_at          timestamptz,
    CONSTRAINT uq_bingo_cell_position UNIQUE (bingo_card_id, cell_index)
);
CREATE TABLE prize_draw_types (
    id                serial PRIMARY KEY,
    internal_name     varchar(64)      NOT NULL UNIQUE,
    algorithm_key     varchar(64)      NOT NULL,
    display_name      varchar(128),
    description       text,
    default_threshold double precision NOT NULL DEFAULT 0.0
);
CREATE TABLE prize_draw_winning_numbers (
    id           serial PRIMARY KEY,
    draw_type_id integer      NOT NULL REFERENCES prize_draw_types (id),
    value        varchar(128) NOT NULL,
    metadata     jsonb,
    effective_at timestamptz,
    expires_at   timestamptz,
    created_at   timestamptz  NOT NULL DEFAULT now()
);
CREATE TABLE prize_draw_results (
    id                serial PRIMARY KEY,
    nft_id            integer          NOT NULL REFERENCES nfts (id),
    ownership_id      integer,          -- added late: nullable, no foreign key yet
    draw_type_id      integer          NOT NULL REFERENCES prize_draw_types (id),
    winning_number_id integer REFERENCES prize_draw_winning_numbers (id),
    draw_number       varchar(64)      NOT NULL,
    similarity_score  double precision,
    outcome           varchar(16)      NOT NULL DEFAULT 'pending',
    evaluated_at      timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT uq_prize_draw_result_unique UNIQUE (nft_id, draw_type_id)
);

-- Data --------------------------------------------------------------------------
INSERT INTO users (in_app_id, nickname, paymail, created_at)
SELECT 'app-' || u, 'player' || u, 'user' || u || '@paymail.example',
       timestamptz '2026-01-01 00:00+00' + u * interval '1 minute'
FROM generate_series(1, 200) AS u;

INSERT INTO admins (email) VALUES ('ops@example.com'), ('draws@example.com');

INSERT INTO nft_templates (name, description)
SELECT 'template ' || t, 'authoring template ' || t FROM generate_series(1, 5) AS t;

INSERT INTO nfts (prefix, name, nft_type, category, triggers_bingo_card, template_id)
SELECT 'NFT' || lpad(n::text, 3, '0'), 'Badge ' || n,
       CASE WHEN n % 3 = 0 THEN 'stamp' ELSE 'badge' END, 'event',
       n <= 5, 1 + n % 5
FROM generate_series(1, 30) AS n;

-- 600 instances: user u holds three distinct definitions.
INSERT INTO user_nft_ownership (user_id, nft_id, unique_nft_id, blockchain_nft_id, nft_origin)
SELECT u, 1 + (u * 7 + k * 11) % 30,
       'NFT' || lpad((1 + (u * 7 + k * 11) % 30)::text, 3, '0') || '-'
             || substr(md5(u || ':' || k), 1, 12),
       CASE WHEN k < 2 THEN 'bc-' || u || '-' || k END,
       md5('origin:' || u || ':' || k)
FROM generate_series(1, 200) AS u, generate_series(0, 2) AS k
ORDER BY u, k;

UPDATE nfts n SET minted_count = (SELECT count(*) FROM user_nft_ownership o WHERE o.nft_id = n.id);

-- Planted: a sync bug reused unique ids (3 groups, 7 rows).
UPDATE user_nft_ownership SET unique_nft_id = (SELECT unique_nft_id FROM user_nft_ownership WHERE id = 10)
 WHERE id = 11;
UPDATE user_nft_ownership SET unique_nft_id = (SELECT unique_nft_id FROM user_nft_ownership WHERE id = 20)
 WHERE id = 21;
UPDATE user_nft_ownership SET unique_nft_id = (SELECT unique_nft_id FROM user_nft_ownership WHERE id = 30)
 WHERE id IN (31, 32);
-- Planted: two on-chain ids claimed twice (2 groups, 4 rows).
UPDATE user_nft_ownership SET blockchain_nft_id = 'bc-dup-a' WHERE id IN (100, 101);
UPDATE user_nft_ownership SET blockchain_nft_id = 'bc-dup-b' WHERE id IN (200, 201);

INSERT INTO bingo_cards (user_id, nft_id)
SELECT c, 1 + c % 5 FROM generate_series(1, 50) AS c;
INSERT INTO bingo_cells (bingo_card_id, cell_index, target_template_id)
SELECT c, i, 1 + (c * 3 + i) % 30 FROM generate_series(1, 50) AS c, generate_series(0, 8) AS i;

INSERT INTO prize_draw_types (internal_name, algorithm_key, display_name, default_threshold)
VALUES ('on_issue', 'sha256_hex_proximity', 'Instant draw', 0.05),
       ('final_day', 'sha256_hex_proximity', 'Final-day draw', 0.0),
       ('bingo_line', 'sha256_hex_proximity', 'Bingo line draw', 0.1);
INSERT INTO prize_draw_winning_numbers (draw_type_id, value)
SELECT d, md5('winning:' || d) FROM generate_series(1, 3) AS d;

-- 90 results, one per (definition, draw type): id = (n - 1) * 3 + d.
INSERT INTO prize_draw_results (nft_id, ownership_id, draw_type_id, winning_number_id,
                                draw_number, similarity_score, outcome)
SELECT n, (SELECT min(o.id) FROM user_nft_ownership o WHERE o.nft_id = n), d, d,
       md5('draw:' || n || ':' || d), ((n * d) % 100) / 100.0,
       CASE WHEN (n * d) % 7 = 0 THEN 'win' ELSE 'lose' END
FROM generate_series(1, 30) AS n, generate_series(1, 3) AS d
ORDER BY n, d;

-- Planted: the ownership_id backfill is unfinished (ids divisible by 4: 22 rows) ...
UPDATE prize_draw_results SET ownership_id = NULL WHERE id % 4 = 0;
-- ... points at instances that were deleted (3 rows) ...
UPDATE prize_draw_results SET ownership_id = 9000 + id WHERE id IN (1, 2, 3);
-- ... and resolved some rows to the wrong instance (2 groups, 5 rows).
UPDATE prize_draw_results SET ownership_id = (SELECT ownership_id FROM prize_draw_results WHERE id = 19)
 WHERE id = 13;
UPDATE prize_draw_results SET ownership_id = (SELECT ownership_id FROM prize_draw_results WHERE id = 29)
 WHERE id IN (26, 35);

ANALYZE;
