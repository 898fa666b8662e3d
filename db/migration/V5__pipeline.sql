-- State of the experiment pipeline: where a resumed attempt continues, and the subnet errors that
-- evaluation jobs measure, so that no architecture is evaluated twice against one supernet.

-- One row per experiment: its latest checkpoint. Workers replace it in the transaction that verifies
-- their lease, so a worker whose lease expired cannot move it. The supernet directories it names
-- are relative to the artifact store's root.
CREATE TABLE experiment_checkpoint (
    experiment_id   uuid PRIMARY KEY REFERENCES experiment (id) ON DELETE CASCADE,
    sequence        bigint      NOT NULL CHECK (sequence >= 1),
    phase           text        NOT NULL,
    state           jsonb       NOT NULL,
    supernet_path   text,
    job_id          uuid        NOT NULL,
    attempt         integer     NOT NULL,
    written_at      timestamptz NOT NULL
);

-- Top-1 validation error of an architecture through one trained supernet checkpoint. The primary
-- key makes a second write of the same result a no-op.
CREATE TABLE evaluation_result (
    experiment_id    uuid             NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    checkpoint_key   text             NOT NULL,
    architecture_id  text             NOT NULL,
    error            double precision NOT NULL CHECK (error >= 0 AND error <= 1),
    evaluated_by     text             NOT NULL,
    evaluated_at     timestamptz      NOT NULL,
    PRIMARY KEY (experiment_id, checkpoint_key, architecture_id)
);

-- The evaluation job enqueued for each batch of architectures that an experiment wants evaluated.
-- A resumed attempt asks for the same batches under the same keys, finds the jobs of the earlier
-- attempt here and waits for them instead of enqueueing the work again.
CREATE TABLE evaluation_batch (
    experiment_id   uuid    NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    checkpoint_key  text    NOT NULL,
    batch_key       text    NOT NULL,
    job_id          uuid    NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    PRIMARY KEY (experiment_id, checkpoint_key, batch_key)
);

CREATE INDEX evaluation_batch_job_idx ON evaluation_batch (job_id);
