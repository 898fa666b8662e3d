-- Results that a running experiment's pipeline records, and the events its followers stream.
-- Every table is keyed by experiment and goes with it when the experiment is deleted.

-- Progress details of the running pipeline, next to the existing phase and progress columns.
ALTER TABLE experiment
    ADD COLUMN space_step       integer CHECK (space_step >= 0),
    ADD COLUMN epoch            integer CHECK (epoch >= 0),
    ADD COLUMN generation       integer CHECK (generation >= 0),
    ADD COLUMN estimated_finish timestamptz;

-- One row per space-evolution step; report is the search module's SpaceStep as JSON.
CREATE TABLE experiment_space_step (
    experiment_id  uuid        NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    index          integer     NOT NULL CHECK (index >= 0),
    report         jsonb       NOT NULL,
    created_at     timestamptz NOT NULL,
    PRIMARY KEY (experiment_id, index)
);

-- One row per generation of the evolutionary search; population is a JSON array of Candidate.
CREATE TABLE experiment_generation (
    experiment_id  uuid        NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    index          integer     NOT NULL CHECK (index >= 0),
    population     jsonb       NOT NULL,
    created_at     timestamptz NOT NULL,
    PRIMARY KEY (experiment_id, index)
);

-- The best architectures, rank 1 first. The model columns stay null until the model is exported.
CREATE TABLE experiment_architecture (
    experiment_id     uuid             NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    rank              integer          NOT NULL CHECK (rank >= 1),
    arch_id           text             NOT NULL,
    architecture      jsonb            NOT NULL,
    validation_error  double precision NOT NULL CHECK (validation_error >= 0 AND validation_error <= 1),
    test_accuracy     double precision CHECK (test_accuracy >= 0 AND test_accuracy <= 1),
    params            bigint           NOT NULL CHECK (params >= 0),
    flops             bigint           NOT NULL CHECK (flops >= 0),
    model_path        text,
    model_sha256      text CHECK (model_sha256 ~ '^[0-9a-f]{64}$'),
    updated_at        timestamptz      NOT NULL,
    PRIMARY KEY (experiment_id, rank),
    CHECK ((model_path IS NULL) = (model_sha256 IS NULL))
);

CREATE INDEX experiment_architecture_arch_idx ON experiment_architecture (experiment_id, arch_id);

-- Points of the training curves, in the order they were recorded.
CREATE TABLE experiment_metric (
    experiment_id  uuid             NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    seq            bigserial        NOT NULL,
    phase          text             NOT NULL,
    space_step     integer,
    epoch          integer          NOT NULL CHECK (epoch >= 0),
    step           bigint           NOT NULL CHECK (step >= 0),
    name           text             NOT NULL,
    value          double precision NOT NULL,
    recorded_at    timestamptz      NOT NULL,
    PRIMARY KEY (seq)
);

CREATE INDEX experiment_metric_seq_idx ON experiment_metric (experiment_id, seq);

-- A resumed attempt repeats the steps since its last checkpoint; this key lets it skip the points
-- that the earlier attempt already recorded. The final supernet has no space step, hence COALESCE.
CREATE UNIQUE INDEX experiment_metric_point_key
    ON experiment_metric (experiment_id, phase, COALESCE(space_step, -1), epoch, step, name);

-- Server-sent events. Writers lock the experiment row before inserting, so ids of one experiment
-- are assigned in commit order and a follower that reads id > its last id misses none.
CREATE TABLE experiment_event (
    id             bigserial   PRIMARY KEY,
    experiment_id  uuid        NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    type           text        NOT NULL,
    data           jsonb       NOT NULL,
    created_at     timestamptz NOT NULL
);

CREATE INDEX experiment_event_experiment_idx ON experiment_event (experiment_id, id);
