-- A cancel request for a running job. The worker holding the lease reads it at its next heartbeat,
-- and a job whose lease expires while the flag is set becomes CANCELLED instead of being retried.
ALTER TABLE job ADD COLUMN cancel_requested boolean NOT NULL DEFAULT false;
