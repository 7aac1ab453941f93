-- Historical reports as they were submitted. The content (sections, annexes) is kept as one
-- JSON document for now; the export engine only reads it.
CREATE TABLE report_snapshot (
    report_id              varchar(64)  PRIMARY KEY,
    org_id                 varchar(64)  NOT NULL,
    report_type            varchar(64)  NOT NULL,
    title                  text         NOT NULL,
    period_from            date         NOT NULL,
    period_to              date         NOT NULL,
    submitted_at           timestamptz  NOT NULL,
    submitted_by           varchar(128) NOT NULL,
    original_export_params jsonb        NOT NULL DEFAULT '{}'::jsonb,
    content                jsonb        NOT NULL,
    version                integer      NOT NULL DEFAULT 1,
    created_at             timestamptz  NOT NULL DEFAULT now(),
    updated_at             timestamptz  NOT NULL DEFAULT now()
);

CREATE INDEX report_snapshot_org_idx ON report_snapshot (org_id, submitted_at DESC);

-- Re-export jobs. This table is also the job queue: the event bus only wakes workers up.
CREATE TABLE reexport_job (
    reexport_id            varchar(32)  PRIMARY KEY,
    report_id              varchar(64)  NOT NULL REFERENCES report_snapshot (report_id),
    org_id                 varchar(64)  NOT NULL,
    status                 varchar(16)  NOT NULL
        CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'cancelled')),
    format                 varchar(8)   NOT NULL,
    include_annexes        boolean      NOT NULL,
    locale                 varchar(16)  NOT NULL,
    notify_on_completion   boolean      NOT NULL DEFAULT false,
    notified               boolean      NOT NULL DEFAULT false,
    output_file_ref        text,
    output_file_size_bytes bigint       CHECK (output_file_size_bytes >= 0),
    error_message          text,
    requested_by           varchar(128) NOT NULL,
    requested_at           timestamptz  NOT NULL,
    started_at             timestamptz,
    completed_at           timestamptz,
    cancelled_at           timestamptz,
    updated_at             timestamptz  NOT NULL,
    -- Incremented by every claim; a worker's final write is fenced by it.
    attempt                integer      NOT NULL DEFAULT 0,
    -- Optimistic lock for API updates racing the worker.
    version                integer      NOT NULL DEFAULT 0
);

-- The list is always ordered by requested_at DESC, reexport_id DESC, within one organisation
-- (operators may list across organisations).
CREATE INDEX reexport_job_org_requested_idx ON reexport_job (org_id, requested_at DESC, reexport_id DESC);
CREATE INDEX reexport_job_org_status_idx ON reexport_job (org_id, status, requested_at DESC, reexport_id DESC);
CREATE INDEX reexport_job_org_report_idx ON reexport_job (org_id, report_id, requested_at DESC, reexport_id DESC);
CREATE INDEX reexport_job_org_requester_idx ON reexport_job (org_id, requested_by, requested_at DESC, reexport_id DESC);
CREATE INDEX reexport_job_requested_idx ON reexport_job (requested_at DESC, reexport_id DESC);
-- The sweep looks for old pending jobs only.
CREATE INDEX reexport_job_pending_idx ON reexport_job (requested_at) WHERE status = 'pending';
