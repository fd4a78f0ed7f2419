-- Target schema of the instance-first NFT app (docs/nft-app.md).
-- nfts -> nft_definitions, user_nft_ownership -> nft_instances,
-- bingo_cells.target_template_id -> target_definition_id,
-- prize draw results unique per instance, instance identity fields unique.

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

CREATE TABLE nft_definitions (
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

CREATE TABLE nft_instances (
    id                serial PRIMARY KEY,
    user_id           integer      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    nft_id            integer      NOT NULL REFERENCES nft_definitions (id),
    unique_nft_id     varchar(64)  NOT NULL,
    blockchain_nft_id varchar(128),
    nft_origin        varchar(128),
    other_meta        jsonb,
    acquired_at       timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT uq_nft_instances_unique_nft_id UNIQUE (unique_nft_id)
);
-- An instance's on-chain id is unique when present.
CREATE UNIQUE INDEX uq_nft_instances_blockchain_nft_id
    ON nft_instances (blockchain_nft_id) WHERE blockchain_nft_id IS NOT NULL;

CREATE TABLE bingo_cards (
    id         serial PRIMARY KEY,
    user_id    integer     NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    nft_id     integer     NOT NULL REFERENCES nft_definitions (id),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE bingo_cells (
    id                   serial PRIMARY KEY,
    bingo_card_id        integer  NOT NULL REFERENCES bingo_cards (id) ON DELETE CASCADE,
    cell_index           smallint NOT NULL,
    target_definition_id integer REFERENCES nft_definitions (id),
    matched_ownership_id integer REFERENCES nft_instances (id) ON DELETE SET NULL,
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
    nft_id            integer          NOT NULL REFERENCES nft_definitions (id),
    ownership_id      integer          NOT NULL,
    draw_type_id      integer          NOT NULL REFERENCES prize_draw_types (id),
    winning_number_id integer REFERENCES prize_draw_winning_numbers (id),
    draw_number       varchar(64)      NOT NULL,
    similarity_score  double precision,
    outcome           varchar(16)      NOT NULL DEFAULT 'pending',
    evaluated_at      timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT fk_prize_draw_results_ownership
        FOREIGN KEY (ownership_id) REFERENCES nft_instances (id),
    CONSTRAINT uq_prize_draw_result_instance UNIQUE (ownership_id, draw_type_id)
);
