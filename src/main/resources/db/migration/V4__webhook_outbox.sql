-- Transactional outbox for completion notifications. A trigger writes the event in the same
-- transaction that finishes the job, whoever finishes it (worker, rescuer, operator PUT), so an
-- event is never lost and never sent for a change that was rolled back.
CREATE TABLE outbox_event (
    event_id        varchar(64)  PRIMARY KEY,
    reexport_id     varchar(32)  NOT NULL REFERENCES reexport_job (reexport_id) ON DELETE CASCADE,
    org_id          varchar(64)  NOT NULL,
    event_type      varchar(64)  NOT NULL,
    payload         text         NOT NULL,
    status          varchar(16)  NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        integer      NOT NULL DEFAULT 0,
    next_attempt_at timestamptz  NOT NULL DEFAULT now(),
    last_error      text,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    delivered_at    timestamptz
);
CREATE INDEX outbox_event_due_idx ON outbox_event (next_attempt_at) WHERE status = 'pending';

CREATE FUNCTION enqueue_reexport_finished() RETURNS trigger AS $$
BEGIN
    INSERT INTO outbox_event (event_id, reexport_id, org_id, event_type, payload)
    VALUES ('msg_' || replace(gen_random_uuid()::text, '-', ''), NEW.reexport_id, NEW.org_id,
            'reexport.' || NEW.status,
            json_build_object(
                'type', 'reexport.' || NEW.status,
                'timestamp', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'data', json_build_object(
                    'reexport_id', NEW.reexport_id,
                    'report_id', NEW.report_id,
                    'org_id', NEW.org_id,
                    'status', NEW.status,
                    'output_file_ref', NEW.output_file_ref,
                    'output_file_size_bytes', NEW.output_file_size_bytes,
                    'completed_at', to_char(NEW.completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                    'error_code', NEW.error_code,
                    'error_message', NEW.error_message))::text);
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER reexport_finished
    AFTER UPDATE OF status ON reexport_job
    FOR EACH ROW
    WHEN (NEW.status IN ('completed', 'failed') AND OLD.status IS DISTINCT FROM NEW.status
          AND NEW.notify_on_completion AND NOT NEW.notified)
    EXECUTE FUNCTION enqueue_reexport_finished();
