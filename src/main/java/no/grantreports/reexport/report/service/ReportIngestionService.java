package no.grantreports.reexport.report.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.report.ReportDocumentReader;
import no.grantreports.reexport.report.LocalizedTextConverter;
import no.grantreports.reexport.report.ReportHeader;
import no.grantreports.reexport.report.repository.ReportRowRepository;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;

/**
 * Creates or replaces report snapshots from their JSON document, streaming the rows into
 * PostgreSQL in batches inside one transaction: a report is stored whole or not at all.
 * Blocking: runs on a worker thread (the ingestion endpoint is {@code @Blocking}).
 */
@ApplicationScoped
public class ReportIngestionService {

    public record Stored(ReportHeader header, int version, boolean created, long rows) {
    }

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
    private final ReportRowRepository rows;
    private final ObjectMapper mapper;
    private final ReportDocumentReader reader;

    public ReportIngestionService(Pool pool, ReportRowRepository rows, ObjectMapper mapper) {
        this.pool = pool;
        this.rows = rows;
        this.mapper = mapper;
        this.reader = new ReportDocumentReader(mapper);
    }

    /** Stores the document as the next version of the report; the previous versions' rows stay for running exports. */
    public Stored replace(String reportId, InputStream document) throws IOException {
        SqlConnection connection = pool.getConnectionAndAwait();
        try {
            Transaction tx = connection.beginAndAwait();
            try {
                connection.preparedQuery(LOCK).executeAndAwait(Tuple.of(reportId));
                Iterator<Row> current = connection.preparedQuery(CURRENT).executeAndAwait(Tuple.of(reportId)).iterator();
                boolean created = !current.hasNext();
                int version = created ? 1 : current.next().getInteger("version") + 1;
                long[] count = {0};
                ReportDocumentReader.Result result = reader.read(document, reportId, (part, first, batch) -> {
                    rows.insert(connection, reportId, version, part, first, batch);
                    count[0] += batch.size();
                });
                ReportHeader header = result.header();
                connection.preparedQuery(UPSERT).executeAndAwait(Tuple.from(new Object[]{
                        reportId, header.orgId(), header.reportType(), LocalizedTextConverter.toJsonText(header.title()),
                        header.periodFrom(), header.periodTo(), OffsetDateTime.ofInstant(header.submittedAt(), ZoneOffset.UTC),
                        header.submittedBy(), json(header.originalExportParams()), json(result.content()), version}));
                tx.commitAndAwait();
                return new Stored(header, version, created, count[0]);
            } catch (RuntimeException | IOException e) {
                tx.rollbackAndAwait();
                throw e;
            }
        } finally {
            connection.closeAndAwait();
        }
    }

    public boolean exists(String reportId) {
        return pool.preparedQuery("SELECT 1 FROM report_snapshot WHERE report_id = $1")
                .executeAndAwait(Tuple.of(reportId)).size() > 0;
    }

    /** A value for a jsonb parameter. */
    private JsonObject json(Object value) {
        try {
            return new JsonObject(mapper.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
