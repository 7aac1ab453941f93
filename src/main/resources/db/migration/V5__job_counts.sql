-- The list's exact `total` without counting an organisation's whole history on every page:
-- count(*) over the org's rows grows with it (about 11 ms for 100,000 jobs, 100 ms for 900,000).
-- Jobs per organisation and status, kept by statement triggers in the same transaction as the
-- change, so a reader sees exactly the count of its own snapshot (MVCC), never an estimate.
-- Each (org, status) is spread over 16 slots, chosen by the backend, so concurrent POSTs of one
-- organisation on different pool connections do not queue on one row lock; a reader sums them.
CREATE TABLE reexport_job_count (
    org_id varchar(64) NOT NULL,
    status varchar(16) NOT NULL,
    slot   smallint    NOT NULL,
    n      bigint      NOT NULL,
    PRIMARY KEY (org_id, status, slot)
);

-- Statement triggers with transition tables: one upsert per (org, status) that a statement
-- changed, taken in (org, status) order, so two bulk updates never lock counter rows in opposite
-- orders (no deadlock), and a bulk insert or retention sweep costs one upsert per group, not per row.
CREATE FUNCTION reexport_job_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO reexport_job_count AS c (org_id, status, slot, n)
        SELECT org_id, status, pg_backend_pid() % 16, count(*) FROM new_rows
        GROUP BY org_id, status ORDER BY org_id, status
        ON CONFLICT (org_id, status, slot) DO UPDATE SET n = c.n + EXCLUDED.n;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO reexport_job_count AS c (org_id, status, slot, n)
        SELECT org_id, status, pg_backend_pid() % 16, -count(*) FROM old_rows
        GROUP BY org_id, status ORDER BY org_id, status
        ON CONFLICT (org_id, status, slot) DO UPDATE SET n = c.n + EXCLUDED.n;
    ELSE
        -- most updates (heartbeats, flags, version bumps) change neither column: nothing to write
        INSERT INTO reexport_job_count AS c (org_id, status, slot, n)
        SELECT org_id, status, pg_backend_pid() % 16, sum(d) FROM (
            SELECT o.org_id, o.status, -1 AS d FROM old_rows o JOIN new_rows w USING (reexport_id)
            WHERE o.status <> w.status OR o.org_id <> w.org_id
            UNION ALL
            SELECT w.org_id, w.status, 1 FROM old_rows o JOIN new_rows w USING (reexport_id)
            WHERE o.status <> w.status OR o.org_id <> w.org_id
        ) changed
        GROUP BY org_id, status HAVING sum(d) <> 0 ORDER BY org_id, status
        ON CONFLICT (org_id, status, slot) DO UPDATE SET n = c.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION reexport_job_count_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM reexport_job_count;
    RETURN NULL;
END
$$;

CREATE TRIGGER reexport_job_count_insert AFTER INSERT ON reexport_job
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reexport_job_count_apply();
CREATE TRIGGER reexport_job_count_update AFTER UPDATE ON reexport_job
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reexport_job_count_apply();
CREATE TRIGGER reexport_job_count_delete AFTER DELETE ON reexport_job
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reexport_job_count_apply();
CREATE TRIGGER reexport_job_count_truncate AFTER TRUNCATE ON reexport_job
    FOR EACH STATEMENT EXECUTE FUNCTION reexport_job_count_truncate();

-- the jobs already there (Flyway runs this in the migration's transaction, before any new write)
INSERT INTO reexport_job_count (org_id, status, slot, n)
SELECT org_id, status, 0, count(*) FROM reexport_job GROUP BY org_id, status;
