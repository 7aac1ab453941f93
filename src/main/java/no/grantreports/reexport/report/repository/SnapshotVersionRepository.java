package no.grantreports.reexport.report.repository;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.report.LocalizedTextConverter;
import no.grantreports.reexport.report.ReportHeader;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;

/**
 * Versions of report_snapshot written on the reactive client, inside the caller's transaction
 * (the rows of a version are streamed in the same one by {@link ReportRowRepository}). Every method
 * here blocks: call it from a worker thread.
 */
@ApplicationScoped
public class SnapshotVersionRepository {

    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext($1))";
    private static final String CURRENT = "SELECT version, org_id FROM report_snapshot WHERE report_id = $1 FOR UPDATE";
    private static final String UPSERT = """
            INSERT INTO report_snapshot (report_id, org_id, report_type, title, period_from, period_to, submitted_at,
                                         submitted_by, original_export_params, content, version, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now(), now())
            ON CONFLICT (report_id) DO UPDATE SET org_id = EXCLUDED.org_id, report_type = EXCLUDED.report_type,
                title = EXCLUDED.title, period_from = EXCLUDED.period_from, period_to = EXCLUDED.period_to,
                submitted_at = EXCLUDED.submitted_at, submitted_by = EXCLUDED.submitted_by,
                original_export_params = EXCLUDED.original_export_params, content = EXCLUDED.content,
                version = EXCLUDED.version, updated_at = now()""";

    private final Pool pool;

    public SnapshotVersionRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Locks the report for the rest of the transaction (also one that does not exist yet, so two
     * first uploads queue up) and answers its current version, 0 when there is none.
     */
    public int lockCurrentVersion(SqlConnection connection, String reportId) {
        connection.preparedQuery(LOCK).executeAndAwait(Tuple.of(reportId));
        Iterator<Row> current = connection.preparedQuery(CURRENT).executeAndAwait(Tuple.of(reportId)).iterator();
        return current.hasNext() ? current.next().getInteger("version") : 0;
    }

    /** Writes the snapshot's header and content as {@code version}. */
    public void upsert(SqlConnection connection, ReportHeader header, int version, JsonObject originalExportParams,
                       JsonObject content) {
        connection.preparedQuery(UPSERT).executeAndAwait(Tuple.from(new Object[]{
                header.reportId(), header.orgId(), header.reportType(), LocalizedTextConverter.toJsonText(header.title()),
                header.periodFrom(), header.periodTo(), OffsetDateTime.ofInstant(header.submittedAt(), ZoneOffset.UTC),
                header.submittedBy(), originalExportParams, content, version}));
    }

    public boolean exists(String reportId) {
        return pool.preparedQuery("SELECT 1 FROM report_snapshot WHERE report_id = $1")
                .executeAndAwait(Tuple.of(reportId)).size() > 0;
    }
}
