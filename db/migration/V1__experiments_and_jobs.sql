-- Experiments as submitted, and the job queue that workers lease work from.

CREATE TABLE experiment (
    id               uuid PRIMARY KEY,
    name             text        NOT NULL,
    spec             jsonb       NOT NULL,
    status           text        NOT NULL
        CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLING', 'CANCELLED')),
    priority         integer     NOT NULL DEFAULT 0,
    phase            text,
    progress         double precision NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
    idempotency_key  text UNIQUE,
    request_hash     text,
    failure_reason   text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    started_at       timestamptz,
    finished_at      timestamptz,
    version          bigint      NOT NULL DEFAULT 0
);

CREATE INDEX experiment_created_idx ON experiment (created_at DESC, id);
CREATE INDEX experiment_status_created_idx ON experiment (status, created_at DESC, id);

CREATE TABLE job (
    id                uuid PRIMARY KEY,
    experiment_id     uuid        REFERENCES experiment (id) ON DELETE CASCADE,
    kind              text        NOT NULL,
    state             text        NOT NULL
        CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    priority          integer     NOT NULL DEFAULT 0,
    payload           jsonb,
    lease_owner       text,
    lease_expires_at  timestamptz,
    attempt           integer     NOT NULL DEFAULT 0,
    max_attempts      integer     NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
    run_after         timestamptz NOT NULL,
    last_error        text,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    finished_at       timestamptz
);

-- Claim order: higher priority first, then older first, among queued jobs that are due.
CREATE INDEX job_claim_idx ON job (priority DESC, created_at, id) WHERE state = 'QUEUED';
CREATE INDEX job_lease_expiry_idx ON job (lease_expires_at) WHERE state = 'RUNNING';
CREATE INDEX job_experiment_idx ON job (experiment_id);
