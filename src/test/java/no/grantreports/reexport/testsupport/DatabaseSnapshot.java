package no.grantreports.reexport.testsupport;


import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Row counts and a content digest of every table the API can write. Equal snapshots before and
 * after a request mean it changed nothing.
 */
public record DatabaseSnapshot(Map<String, String> tables) {

    private static final Map<String, String> QUERIES = new LinkedHashMap<>();

    static {
        for (String table : new String[]{"reexport_job", "report_snapshot", "idempotency_key", "outbox_event"}) {
            QUERIES.put(table, "SELECT count(*) || ' rows, ' || coalesce(md5(string_agg(md5(t::text), ',' ORDER BY md5(t::text))), '-') FROM "
                    + table + " t");
        }
        // Rows are only ever added under a new version (or dropped with their report): a count per version says it all.
        QUERIES.put("report_row", "SELECT coalesce(sum(n), 0) || ' rows, ' || coalesce(md5(string_agg(k || '=' || n, ',' ORDER BY k)), '-') "
                + "FROM (SELECT report_id || ':' || version AS k, count(*) AS n FROM report_row GROUP BY report_id, version) g");
    }

    public static DatabaseSnapshot take() {
        Map<String, String> tables = new LinkedHashMap<>();
        try (Connection c = connect(); Statement statement = c.createStatement()) {
            for (Map.Entry<String, String> query : QUERIES.entrySet()) {
                try (ResultSet rs = statement.executeQuery(query.getValue())) {
                    rs.next();
                    tables.put(query.getKey(), rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new DatabaseSnapshot(tables);
    }

    /**
     * Other test classes share the database and the background worker may still be finishing their
     * jobs and webhooks: wait until nothing can move on its own for a while.
     */
    public static void awaitQuiet() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> count("""
                SELECT (SELECT count(*) FROM reexport_job
                        WHERE (status = 'processing' AND lease_until IS NOT NULL)
                           OR (status = 'pending' AND next_attempt_at < now() + interval '1 minute'))
                     + (SELECT count(*) FROM outbox_event
                        WHERE status = 'pending' AND next_attempt_at < now() + interval '1 minute')""") == 0);
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect() throws SQLException {
        String user = System.getenv().getOrDefault("QUARKUS_DATASOURCE_USERNAME", "postgres");
        String password = System.getenv().getOrDefault("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        return DriverManager.getConnection(TestEnvironment.jdbcUrl(), user, password);
    }
}
