-- Target of the canonical-naming migration (summarised in docs/canonical-naming.md):
-- the canonical model of the team's technical specification that the plan migrates
-- to, one table per row of its priority matrix plus project_snapshots, which the
-- cleanup phase (5) keeps as "an intentional extension table".
--
-- Every constraint and index is named explicitly: pk_<table>, uq_<table>_<cols>,
-- fk_<table>_<col>, ck_<table>_<what>, ix_<table>_<cols>.
--
-- Where the plan names canonical columns they are used verbatim:
--   app_users (was users), projects.owner_user_id (was user_id) with
--   UNIQUE (owner_user_id, slug), project_storage local/S3 policy fields,
--   assets.kind / storage_uri / metadata_json, runs.run_mode / model_name /
--   settings_snapshot_json, run_jobs FK fields to assets.id, run_candidates (was
--   run_job_candidates), project_api_secrets.kms_key_ref (was key_ref), redefined
--   quality_reports / cost_events / audit_events, project_exports linked to assets,
--   provider_accounts enable/config, style_guides.rules_json / is_default,
--   characters.identity_constraints_json, reference_sets.kind / metadata_json,
--   reference_items.weight, prompt_templates.stage / version / is_active.
-- Other columns are not spelled out by the plan; they are the plain columns such a
-- table needs (ids, names, timestamps) and are identical on the legacy side.

-- ---------------------------------------------------------------------------
-- Users and projects (Phase 1: "canonical user/project ownership names")
-- ---------------------------------------------------------------------------

CREATE TABLE app_users (
    id            bigserial    NOT NULL,
    email         varchar(320) NOT NULL,
    display_name  varchar(200),
    password_hash text,
    is_active     boolean      NOT NULL DEFAULT true,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_app_users PRIMARY KEY (id),
    CONSTRAINT uq_app_users_email UNIQUE (email)
);

-- "required unique/index model (owner_user_id, slug)": a slug is unique per owner, and
-- every project has an owner.
CREATE TABLE projects (
    id            bigserial    NOT NULL,
    owner_user_id bigint       NOT NULL,
    slug          varchar(100) NOT NULL,
    name          varchar(200) NOT NULL,
    description   text,
    settings_json jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_projects PRIMARY KEY (id),
    CONSTRAINT fk_projects_owner_user_id FOREIGN KEY (owner_user_id) REFERENCES app_users (id),
    CONSTRAINT uq_projects_owner_user_id_slug UNIQUE (owner_user_id, slug)
);

-- "Normalize project_storage to local/S3 policy fields": one policy row per project,
-- the source of truth instead of projects.settings_json.
CREATE TABLE project_storage (
    project_id      bigint       NOT NULL,
    backend         varchar(16)  NOT NULL DEFAULT 'local',
    local_root      text,
    s3_bucket       varchar(255),
    s3_prefix       text,
    s3_region       varchar(64),
    s3_endpoint_url text,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    updated_at      timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_project_storage PRIMARY KEY (project_id),
    CONSTRAINT fk_project_storage_project_id FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE CASCADE,
    CONSTRAINT ck_project_storage_backend CHECK (backend IN ('local', 's3')),
    CONSTRAINT ck_project_storage_s3_bucket CHECK (backend <> 's3' OR s3_bucket IS NOT NULL)
);

-- ---------------------------------------------------------------------------
-- Providers and secrets
-- ---------------------------------------------------------------------------

-- "normalized provider enable/config model" (no api_key, no meta_json).
CREATE TABLE provider_accounts (
    id           bigserial    NOT NULL,
    provider     varchar(64)  NOT NULL,
    display_name varchar(200),
    is_enabled   boolean      NOT NULL DEFAULT true,
    config_json  jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    updated_at   timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_provider_accounts PRIMARY KEY (id),
    CONSTRAINT uq_provider_accounts_provider UNIQUE (provider)
);

-- "Align secrets key reference field: kms_key_ref".
CREATE TABLE project_api_secrets (
    id          bigserial   NOT NULL,
    project_id  bigint      NOT NULL,
    provider    varchar(64) NOT NULL,
    kms_key_ref text        NOT NULL,
    last4       char(4),
    created_at  timestamptz NOT NULL DEFAULT now(),
    rotated_at  timestamptz,
    CONSTRAINT pk_project_api_secrets PRIMARY KEY (id),
    CONSTRAINT fk_project_api_secrets_project_id FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE CASCADE,
    CONSTRAINT uq_project_api_secrets_project_id_provider UNIQUE (project_id, provider)
);

-- ---------------------------------------------------------------------------
-- Assets, runs, jobs, candidates (Phase 1: "canonical run/asset/export column names
-- and candidate table naming"; "Align index set ... for core run/asset queries")
-- ---------------------------------------------------------------------------

CREATE TABLE assets (
    id            bigserial    NOT NULL,
    project_id    bigint       NOT NULL,
    kind          varchar(32)  NOT NULL,
    storage_uri   text         NOT NULL,
    mime_type     varchar(100),
    size_bytes    bigint,
    sha256        char(64),
    metadata_json jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_assets PRIMARY KEY (id),
    CONSTRAINT fk_assets_project_id FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE CASCADE,
    CONSTRAINT uq_assets_project_id_storage_uri UNIQUE (project_id, storage_uri)
);
CREATE INDEX ix_assets_project_id_kind ON assets (project_id, kind);
CREATE INDEX ix_assets_project_id_created_at ON assets (project_id, created_at DESC);

CREATE TABLE runs (
    id                     bigserial    NOT NULL,
    project_id             bigint       NOT NULL,
    run_mode               varchar(32)  NOT NULL,
    model_name             varchar(100),
    settings_snapshot_json jsonb        NOT NULL DEFAULT '{}'::jsonb,
    status                 varchar(32)  NOT NULL DEFAULT 'queued',
    started_at             timestamptz,
    finished_at            timestamptz,
    created_at             timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_runs PRIMARY KEY (id),
    CONSTRAINT fk_runs_project_id FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE CASCADE
);
CREATE INDEX ix_runs_project_id_created_at ON runs (project_id, created_at DESC);

-- "run_jobs canonical FK fields": selected and final outputs are assets, not paths.
CREATE TABLE run_jobs (
    id                bigserial   NOT NULL,
    run_id            bigint      NOT NULL,
    job_index         integer     NOT NULL,
    prompt            text,
    status            varchar(32) NOT NULL DEFAULT 'pending',
    selected_asset_id bigint,
    final_asset_id    bigint,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_run_jobs PRIMARY KEY (id),
    CONSTRAINT fk_run_jobs_run_id FOREIGN KEY (run_id) REFERENCES runs (id) ON DELETE CASCADE,
    CONSTRAINT fk_run_jobs_selected_asset_id FOREIGN KEY (selected_asset_id)
        REFERENCES assets (id) ON DELETE SET NULL,
    CONSTRAINT fk_run_jobs_final_asset_id FOREIGN KEY (final_asset_id)
        REFERENCES assets (id) ON DELETE SET NULL,
    CONSTRAINT uq_run_jobs_run_id_job_index UNIQUE (run_id, job_index)
);
CREATE INDEX ix_run_jobs_selected_asset_id ON run_jobs (selected_asset_id);
CREATE INDEX ix_run_jobs_final_asset_id ON run_jobs (final_asset_id);

-- Was run_job_candidates. A candidate's image is an asset ("Path-string fields must
-- resolve to assets.id").
CREATE TABLE run_candidates (
    id              bigserial   NOT NULL,
    job_id          bigint      NOT NULL,
    candidate_index integer     NOT NULL,
    asset_id        bigint,
    seed            bigint,
    score           real,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_run_candidates PRIMARY KEY (id),
    CONSTRAINT fk_run_candidates_job_id FOREIGN KEY (job_id)
        REFERENCES run_jobs (id) ON DELETE CASCADE,
    CONSTRAINT fk_run_candidates_asset_id FOREIGN KEY (asset_id)
        REFERENCES assets (id) ON DELETE SET NULL,
    CONSTRAINT uq_run_candidates_job_id_candidate_index UNIQUE (job_id, candidate_index)
);
CREATE INDEX ix_run_candidates_asset_id ON run_candidates (asset_id);

-- ---------------------------------------------------------------------------
-- Event tables (Phase 2: "Redefine quality_reports, cost_events, audit_events to
-- target schema")
-- ---------------------------------------------------------------------------

-- Normalized QA history: one row per checker per run (or per candidate).
CREATE TABLE quality_reports (
    id               bigserial    NOT NULL,
    run_id           bigint       NOT NULL,
    run_candidate_id bigint,
    checker          varchar(64)  NOT NULL,
    score            numeric(6,4),
    passed           boolean      NOT NULL,
    details_json     jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_quality_reports PRIMARY KEY (id),
    CONSTRAINT fk_quality_reports_run_id FOREIGN KEY (run_id)
        REFERENCES runs (id) ON DELETE CASCADE,
    CONSTRAINT fk_quality_reports_run_candidate_id FOREIGN KEY (run_candidate_id)
        REFERENCES run_candidates (id) ON DELETE CASCADE
);
CREATE INDEX ix_quality_reports_run_id_created_at ON quality_reports (run_id, created_at);
CREATE INDEX ix_quality_reports_run_candidate_id ON quality_reports (run_candidate_id);

-- "per-provider/per-run cost ledger".
CREATE TABLE cost_events (
    id            bigserial     NOT NULL,
    project_id    bigint        NOT NULL,
    run_id        bigint,
    run_job_id    bigint,
    provider      varchar(64)   NOT NULL,
    operation     varchar(64)   NOT NULL,
    units         numeric(14,4),
    unit          varchar(32),
    amount_usd    numeric(12,6) NOT NULL,
    metadata_json jsonb         NOT NULL DEFAULT '{}'::jsonb,
    created_at    timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT pk_cost_events PRIMARY KEY (id),
    CONSTRAINT fk_cost_events_project_id FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE CASCADE,
    CONSTRAINT fk_cost_events_run_id FOREIGN KEY (run_id) REFERENCES runs (id) ON DELETE SET NULL,
    CONSTRAINT fk_cost_events_run_job_id FOREIGN KEY (run_job_id)
        REFERENCES run_jobs (id) ON DELETE SET NULL
);
CREATE INDEX ix_cost_events_project_id_created_at ON cost_events (project_id, created_at);
CREATE INDEX ix_cost_events_run_id ON cost_events (run_id);
CREATE INDEX ix_cost_events_provider_created_at ON cost_events (provider, created_at);

-- "Emit audit_events for secrets, storage updates, export, and instruction status
-- transitions": who (actor), on what (entity), in which project.
CREATE TABLE audit_events (
    id            bigserial   NOT NULL,
    actor_user_id bigint,
    project_id    bigint,
    action        varchar(64) NOT NULL,
    entity_type   varchar(64) NOT NULL,
    entity_id     varchar(64),
    payload_json  jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_audit_events PRIMARY KEY (id),
    CONSTRAINT fk_audit_events_actor_user_id FOREIGN KEY (actor_user_id)
        REFERENCES app_users (id) ON DELETE SET NULL,
    CONSTRAINT fk_audit_events_project_id FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE SET NULL
);
CREATE INDEX ix_audit_events_actor_user_id_created_at ON audit_events (actor_user_id, created_at);
CREATE INDEX ix_audit_events_entity_type_entity_id ON audit_events (entity_type, entity_id);
CREATE INDEX ix_audit_events_project_id_created_at ON audit_events (project_id, created_at);

-- ---------------------------------------------------------------------------
-- Exports (Should now: "Export records cannot be linked to asset registry")
-- ---------------------------------------------------------------------------

CREATE TABLE project_exports (
    id         bigserial   NOT NULL,
    project_id bigint      NOT NULL,
    asset_id   bigint      NOT NULL,
    format     varchar(16) NOT NULL,
    status     varchar(32) NOT NULL DEFAULT 'done',
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_project_exports PRIMARY KEY (id),
    CONSTRAINT fk_project_exports_project_id FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE CASCADE,
    CONSTRAINT fk_project_exports_asset_id FOREIGN KEY (asset_id) REFERENCES assets (id)
);
CREATE INDEX ix_project_exports_project_id_created_at ON project_exports (project_id, created_at);
CREATE INDEX ix_project_exports_asset_id ON project_exports (asset_id);

-- ---------------------------------------------------------------------------
-- Creative knowledge (Should now / Can defer)
-- ---------------------------------------------------------------------------

CREATE TABLE style_guides (
    id          bigserial    NOT NULL,
    project_id  bigint       NOT NULL,
    name        varchar(200) NOT NULL,
    description text,
    rules_json  jsonb        NOT NULL DEFAULT '{}'::jsonb,
    is_default  boolean      NOT NULL DEFAULT false,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_style_guides PRIMARY KEY (id),
    CONSTRAINT fk_style_guides_project_id FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE CASCADE,
    CONSTRAINT uq_style_guides_project_id_name UNIQUE (project_id, name)
);
-- At most one default style guide per project.
CREATE UNIQUE INDEX uq_style_guides_one_default_per_project
    ON style_guides (project_id) WHERE is_default;

CREATE TABLE characters (
    id                        bigserial    NOT NULL,
    project_id                bigint       NOT NULL,
    name                      varchar(200) NOT NULL,
    description               text,
    identity_constraints_json jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at                timestamptz  NOT NULL DEFAULT now(),
    updated_at                timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_characters PRIMARY KEY (id),
    CONSTRAINT fk_characters_project_id FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE CASCADE,
    CONSTRAINT uq_characters_project_id_name UNIQUE (project_id, name)
);

-- "kind/metadata_json reference-pack semantics" instead of title/notes.
CREATE TABLE reference_sets (
    id            bigserial    NOT NULL,
    project_id    bigint       NOT NULL,
    name          varchar(200) NOT NULL,
    kind          varchar(32)  NOT NULL DEFAULT 'general',
    metadata_json jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_reference_sets PRIMARY KEY (id),
    CONSTRAINT fk_reference_sets_project_id FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE CASCADE
);

CREATE TABLE reference_items (
    id               bigserial    NOT NULL,
    reference_set_id bigint       NOT NULL,
    asset_id         bigint       NOT NULL,
    position         integer      NOT NULL DEFAULT 0,
    caption          text,
    weight           numeric(4,3) NOT NULL DEFAULT 1.000,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_reference_items PRIMARY KEY (id),
    CONSTRAINT fk_reference_items_reference_set_id FOREIGN KEY (reference_set_id)
        REFERENCES reference_sets (id) ON DELETE CASCADE,
    CONSTRAINT fk_reference_items_asset_id FOREIGN KEY (asset_id)
        REFERENCES assets (id) ON DELETE CASCADE,
    CONSTRAINT uq_reference_items_reference_set_id_asset_id UNIQUE (reference_set_id, asset_id)
);

-- "Mostly aligned and present": lineage between assets.
CREATE TABLE asset_links (
    id           bigserial   NOT NULL,
    src_asset_id bigint      NOT NULL,
    dst_asset_id bigint      NOT NULL,
    relation     varchar(32) NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_asset_links PRIMARY KEY (id),
    CONSTRAINT fk_asset_links_src_asset_id FOREIGN KEY (src_asset_id)
        REFERENCES assets (id) ON DELETE CASCADE,
    CONSTRAINT fk_asset_links_dst_asset_id FOREIGN KEY (dst_asset_id)
        REFERENCES assets (id) ON DELETE CASCADE,
    CONSTRAINT uq_asset_links_src_asset_id_dst_asset_id_relation
        UNIQUE (src_asset_id, dst_asset_id, relation)
);
CREATE INDEX ix_asset_links_dst_asset_id ON asset_links (dst_asset_id);

-- Prompt versioning in the DB: a template is (project, name, stage, version).
-- project_id NULL is a global template.
CREATE TABLE prompt_templates (
    id         bigserial    NOT NULL,
    project_id bigint,
    name       varchar(200) NOT NULL,
    stage      varchar(32)  NOT NULL DEFAULT 'generate',
    version    integer      NOT NULL DEFAULT 1,
    body       text         NOT NULL,
    is_active  boolean      NOT NULL DEFAULT true,
    created_at timestamptz  NOT NULL DEFAULT now(),
    updated_at timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_prompt_templates PRIMARY KEY (id),
    CONSTRAINT fk_prompt_templates_project_id FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE CASCADE,
    CONSTRAINT uq_prompt_templates_project_id_name_stage_version
        UNIQUE (project_id, name, stage, version)
);

-- ---------------------------------------------------------------------------
-- Chat, agent and voice ("Functionally close; FK names depend on users migration")
-- ---------------------------------------------------------------------------

CREATE TABLE chat_sessions (
    id         bigserial    NOT NULL,
    user_id    bigint       NOT NULL,
    project_id bigint,
    title      varchar(200),
    created_at timestamptz  NOT NULL DEFAULT now(),
    updated_at timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_chat_sessions PRIMARY KEY (id),
    CONSTRAINT fk_chat_sessions_user_id FOREIGN KEY (user_id)
        REFERENCES app_users (id) ON DELETE CASCADE,
    CONSTRAINT fk_chat_sessions_project_id FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE CASCADE
);
CREATE INDEX ix_chat_sessions_user_id ON chat_sessions (user_id);

CREATE TABLE chat_messages (
    id         bigserial   NOT NULL,
    session_id bigint      NOT NULL,
    user_id    bigint,
    role       varchar(16) NOT NULL,
    content    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_chat_messages PRIMARY KEY (id),
    CONSTRAINT fk_chat_messages_session_id FOREIGN KEY (session_id)
        REFERENCES chat_sessions (id) ON DELETE CASCADE,
    CONSTRAINT fk_chat_messages_user_id FOREIGN KEY (user_id)
        REFERENCES app_users (id) ON DELETE SET NULL,
    CONSTRAINT ck_chat_messages_role CHECK (role IN ('user', 'assistant', 'system', 'tool'))
);
CREATE INDEX ix_chat_messages_session_id_created_at ON chat_messages (session_id, created_at);

CREATE TABLE agent_instructions (
    id                 bigserial   NOT NULL,
    project_id         bigint      NOT NULL,
    created_by_user_id bigint,
    chat_session_id    bigint,
    instruction        text        NOT NULL,
    status             varchar(32) NOT NULL DEFAULT 'pending',
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_agent_instructions PRIMARY KEY (id),
    CONSTRAINT fk_agent_instructions_project_id FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE CASCADE,
    CONSTRAINT fk_agent_instructions_created_by_user_id FOREIGN KEY (created_by_user_id)
        REFERENCES app_users (id) ON DELETE SET NULL,
    CONSTRAINT fk_agent_instructions_chat_session_id FOREIGN KEY (chat_session_id)
        REFERENCES chat_sessions (id) ON DELETE SET NULL,
    CONSTRAINT ck_agent_instructions_status
        CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'cancelled'))
);

CREATE TABLE agent_actions (
    id             bigserial   NOT NULL,
    instruction_id bigint      NOT NULL,
    action_type    varchar(64) NOT NULL,
    payload_json   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    status         varchar(32) NOT NULL DEFAULT 'pending',
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_agent_actions PRIMARY KEY (id),
    CONSTRAINT fk_agent_actions_instruction_id FOREIGN KEY (instruction_id)
        REFERENCES agent_instructions (id) ON DELETE CASCADE
);

CREATE TABLE voice_requests (
    id              bigserial   NOT NULL,
    user_id         bigint      NOT NULL,
    project_id      bigint,
    chat_session_id bigint,
    transcript      text,
    status          varchar(32) NOT NULL DEFAULT 'received',
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_voice_requests PRIMARY KEY (id),
    CONSTRAINT fk_voice_requests_user_id FOREIGN KEY (user_id)
        REFERENCES app_users (id) ON DELETE CASCADE,
    CONSTRAINT fk_voice_requests_project_id FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE SET NULL,
    CONSTRAINT fk_voice_requests_chat_session_id FOREIGN KEY (chat_session_id)
        REFERENCES chat_sessions (id) ON DELETE SET NULL
);

-- ---------------------------------------------------------------------------
-- Extension table kept on purpose (Phase 5: "Keep project_snapshots as an intentional
-- extension table unless explicitly deprecated")
-- ---------------------------------------------------------------------------

CREATE TABLE project_snapshots (
    id            bigserial    NOT NULL,
    project_id    bigint       NOT NULL,
    label         varchar(200),
    snapshot_json jsonb        NOT NULL,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_project_snapshots PRIMARY KEY (id),
    CONSTRAINT fk_project_snapshots_project_id FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE CASCADE
);
CREATE INDEX ix_project_snapshots_project_id_created_at
    ON project_snapshots (project_id, created_at);
