package no.grantreports.reexport.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Direct JDBC access, to arrange jobs and to check what really is in the database. */
public final class TestDatabase {

    private TestDatabase() {
    }

    /** Puts a job straight into the table, as if its wake-up message were lost. */
    public static void insertJob(String id, String reportId, String orgId, String status, Instant requestedAt) {
        update("INSERT INTO reexport_job (reexport_id, report_id, org_id, status, format, include_annexes, locale, "
                        + "requested_by, requested_at, updated_at) VALUES (?, ?, ?, ?, 'xlsx', false, 'en-GB', ?, ?, ?)",
                id, reportId, orgId, status, Tokens.USER_A, Timestamp.from(requestedAt), Timestamp.from(requestedAt));
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

    private static Connection connect() throws SQLException {
        String user = System.getenv().getOrDefault("QUARKUS_DATASOURCE_USERNAME", "postgres");
        String password = System.getenv().getOrDefault("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        return DriverManager.getConnection(TestEnvironment.jdbcUrl(), user, password);
    }
}
