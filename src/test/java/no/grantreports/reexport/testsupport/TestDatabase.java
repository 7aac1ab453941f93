package no.grantreports.reexport.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Direct JDBC access, to arrange jobs and to check what really is in the database. */
public final class TestDatabase {

    private TestDatabase() {
    }

    /**
     * Puts a job straight into the table, parked: a pending one is not due for a day, so workers
     * leave it alone while a test works with it.
     */
    public static void insertJob(String id, String reportId, String orgId, String status, Instant requestedAt) {
        insertJob(id, reportId, orgId, status, requestedAt, Instant.now().plus(Duration.ofDays(1)));
    }

    /** Puts a ready pending job into the table without waking anybody, as if its wake-up were lost. */
    public static void insertReadyJob(String id, String reportId, String orgId, Instant requestedAt) {
        insertJob(id, reportId, orgId, "pending", requestedAt, requestedAt);
    }

    private static void insertJob(String id, String reportId, String orgId, String status, Instant requestedAt,
                                  Instant nextAttemptAt) {
        update("INSERT INTO reexport_job (reexport_id, report_id, org_id, status, format, include_annexes, locale, "
                        + "requested_by, requested_at, updated_at, next_attempt_at) "
                        + "VALUES (?, ?, ?, ?, 'xlsx', false, 'en-GB', ?, ?, ?, ?)",
                id, reportId, orgId, status, Tokens.USER_A, Timestamp.from(requestedAt), Timestamp.from(requestedAt),
                Timestamp.from(nextAttemptAt));
    }

    /** A report whose one stored row was damaged behind the service's back: its export fails as invalid. */
    public static void insertBrokenReport(String reportId, String orgId) {
        update("INSERT INTO report_snapshot (report_id, org_id, report_type, title, period_from, period_to, "
                + "submitted_at, submitted_by, content) VALUES (?, ?, 'grant_final_report', '\"Broken\"', "
                + "DATE '2025-01-01', DATE '2025-12-31', now(), 'someone', ?::jsonb)", reportId, orgId, """
                {"sections": [{"key": "people", "title": "People", "kind": "table", "row_count": 1,
                  "columns": [{"key": "count", "title": "Count", "type": "integer"}]}], "annexes": []}""");
        update("INSERT INTO report_row (report_id, version, part, row_no, cells) "
                + "VALUES (?, 1, 'people', 0, '[\"many\"]'::jsonb)", reportId);
    }

    public static Map<String, Object> job(String id) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT * FROM reexport_job WHERE reexport_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row of a query, column name to value. */
    public static java.util.List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                java.util.List<Map<String, Object>> rows = new java.util.ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int update(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }

    /** A connection of its own, for a test that needs one transaction or one snapshot. */
    public static Connection connection() throws SQLException {
        return connect();
    }

    private static Connection connect() throws SQLException {
        String user = System.getenv().getOrDefault("QUARKUS_DATASOURCE_USERNAME", "postgres");
        String password = System.getenv().getOrDefault("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        return DriverManager.getConnection(TestEnvironment.jdbcUrl(), user, password);
    }
}
