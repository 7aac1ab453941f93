package no.grantreports.reexport.report.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.report.ReportDocumentReader;
import no.grantreports.reexport.report.ReportHeader;
import no.grantreports.reexport.report.repository.ReportRowRepository;
import no.grantreports.reexport.report.repository.SnapshotVersionRepository;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Creates or replaces report snapshots from their JSON document, streaming the rows into
 * PostgreSQL in batches inside one transaction: a report is stored whole or not at all.
 * Blocking: runs on a worker thread (the ingestion endpoint is {@code @Blocking}).
 */
@ApplicationScoped
public class ReportIngestionService {

    public record Stored(ReportHeader header, int version, boolean created, long rows) {
    }

    private final Pool pool;
    private final SnapshotVersionRepository snapshots;
    private final ReportRowRepository rows;
    private final ObjectMapper mapper;
    private final ReportDocumentReader reader;

    public ReportIngestionService(Pool pool, SnapshotVersionRepository snapshots, ReportRowRepository rows, ObjectMapper mapper) {
        this.pool = pool;
        this.snapshots = snapshots;
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
                int current = snapshots.lockCurrentVersion(connection, reportId);
                boolean created = current == 0;
                int version = current + 1;
                long[] count = {0};
                ReportDocumentReader.Result result = reader.read(document, reportId, (part, first, batch) -> {
                    rows.insert(connection, reportId, version, part, first, batch);
                    count[0] += batch.size();
                });
                ReportHeader header = result.header();
                snapshots.upsert(connection, header, version, json(header.originalExportParams()), json(result.content()));
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
        return snapshots.exists(reportId);
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
