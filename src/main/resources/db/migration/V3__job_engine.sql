-- The job engine: leases for claimed jobs, retries with backoff, idempotent creation.
ALTER TABLE reexport_job
    ADD COLUMN locked_by       varchar(128),
    ADD COLUMN lease_until     timestamptz,
    ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN error_code      varchar(32);

-- Claiming takes ready pending jobs, oldest first.
CREATE INDEX reexport_job_ready_idx ON reexport_job (next_attempt_at, requested_at) WHERE status = 'pending';
-- The rescuer looks for processing jobs whose lease ran out.
CREATE INDEX reexport_job_lease_idx ON reexport_job (lease_until) WHERE status = 'processing';
DROP INDEX reexport_job_pending_idx;

-- Idempotency-Key on POST: one row per organisation and key; the unique key makes retries race-safe.
CREATE TABLE idempotency_key (
    org_id          varchar(64)  NOT NULL,
    idempotency_key varchar(255) NOT NULL,
    request_hash    varchar(64)  NOT NULL,
    reexport_id     varchar(32)  NOT NULL REFERENCES reexport_job (reexport_id) ON DELETE CASCADE,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, idempotency_key)
);
CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
