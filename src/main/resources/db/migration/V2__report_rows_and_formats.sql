-- Table rows move out of the snapshot's JSON into their own table, so an export can stream them
-- (keyset pages) instead of loading one giant value. Rows are kept per report version: a
-- replacement adds a version and never disturbs an export that is reading an older one.
CREATE TABLE report_row (
    report_id varchar(64) NOT NULL REFERENCES report_snapshot (report_id) ON DELETE CASCADE
        DEFERRABLE INITIALLY DEFERRED, -- rows stream in before the snapshot row is written, in one transaction
    version   integer     NOT NULL,
    part      varchar(160) NOT NULL, -- a section key, or 'annex:' || annex_id for a tabular annex
    row_no    integer     NOT NULL,
    cells     jsonb       NOT NULL,
    PRIMARY KEY (report_id, version, part, row_no)
);

INSERT INTO report_row (report_id, version, part, row_no, cells)
SELECT s.report_id, s.version, section ->> 'key', (r.ord - 1)::integer, r.value
FROM report_snapshot s,
     jsonb_array_elements(s.content -> 'sections') AS section,
     jsonb_array_elements(COALESCE(section -> 'rows', '[]'::jsonb)) WITH ORDINALITY AS r(value, ord);

UPDATE report_snapshot s
SET content = jsonb_set(s.content, '{sections}', COALESCE((
        SELECT jsonb_agg((section - 'rows') || jsonb_build_object('row_count', jsonb_array_length(COALESCE(section -> 'rows', '[]'::jsonb)))
                         ORDER BY ord)
        FROM jsonb_array_elements(s.content -> 'sections') WITH ORDINALITY AS x(section, ord)), '[]'::jsonb))
WHERE s.content ? 'sections';

-- Titles may be plain text or a map of locale -> text: the column now holds that as JSON text
-- ("Budget" or {"nb-NO": "Budsjett", "en-GB": "Budget"}). Text rather than jsonb, because the
-- reactive driver hands a bare JSON string back as a Java string, which Hibernate cannot map.
UPDATE report_snapshot SET title = to_jsonb(title)::text;

-- The snapshot version a job exported (set when the job is claimed).
ALTER TABLE reexport_job ADD COLUMN report_version integer;

-- Formats and the expired status of the export engine.
ALTER TABLE reexport_job DROP CONSTRAINT reexport_job_status_check;
ALTER TABLE reexport_job ADD CONSTRAINT reexport_job_status_check
    CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'cancelled', 'expired'));
ALTER TABLE reexport_job ADD COLUMN expired_at timestamptz;
-- Retention looks for completed jobs by completion time.
CREATE INDEX reexport_job_completed_idx ON reexport_job (completed_at) WHERE status = 'completed';
