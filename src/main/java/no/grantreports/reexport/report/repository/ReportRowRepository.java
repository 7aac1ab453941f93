package no.grantreports.reexport.report.repository;

import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.report.RowSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Table rows of report snapshots, on the reactive client directly: both directions stream in
 * pages, which Hibernate cannot do. Every method here blocks: call it from a worker thread.
 */
@ApplicationScoped
public class ReportRowRepository {

    static final int PAGE_SIZE = 2_000;

    private static final String INSERT = "INSERT INTO report_row (report_id, version, part, row_no, cells) "
            + "VALUES ($1, $2, $3, $4, $5)";
    private static final String PAGE = "SELECT row_no, cells FROM report_row WHERE report_id = $1 AND version = $2 "
            + "AND part = $3 AND row_no > $4 ORDER BY row_no LIMIT " + PAGE_SIZE;

    private final Pool pool;

    public ReportRowRepository(Pool pool) {
        this.pool = pool;
    }

    /** Inserts a batch of rows within the caller's transaction. */
    public void insert(SqlConnection connection, String reportId, int version, String part, long firstRowNo,
                       List<List<Object>> rows) {
        List<Tuple> tuples = new ArrayList<>(rows.size());
        long rowNo = firstRowNo;
        for (List<Object> cells : rows) {
            tuples.add(Tuple.of(reportId, version, part, (int) rowNo++, new JsonArray(cells)));
        }
        connection.preparedQuery(INSERT).executeBatchAndAwait(tuples);
    }

    /** The rows of one part of one snapshot version, in order, page by page (keyset pagination). */
    public RowSource rowsOf(String reportId, int version) {
        return (part, consumer) -> {
            int after = -1;
            while (true) {
                RowSet<Row> page = pool.preparedQuery(PAGE).executeAndAwait(Tuple.of(reportId, version, part, after));
                for (Row row : page) {
                    after = row.getInteger(0);
                    consumer.accept(row.getJsonArray(1).getList());
                }
                if (page.size() < PAGE_SIZE) {
                    return;
                }
            }
        };
    }

}
