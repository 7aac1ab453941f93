package no.grantreports.reexport.job.repository;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.TestIds;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The list's {@code total} comes from {@code reexport_job_count} (V5), which triggers keep in step
 * with the jobs: it must equal count(*) after every kind of change, in the same snapshot.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class JobCountsTest {

    private static final String BASE = "/api/v1/report-reexports";
    private static final String REPORT_A = "rpt_01HX9K2M3N4P5Q6R7S8T9U0V";

    @Test
    void countsFollowInsertsBulkUpdatesAndDeletes() throws SQLException {
        String org = "org_count_" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(TestIds.next());
            TestDatabase.insertJob(ids.get(i), REPORT_A, org, "pending", start.plusSeconds(i));
        }
        // one statement inserting several rows, one moving several jobs, one deleting
        TestDatabase.update("INSERT INTO reexport_job (reexport_id, report_id, org_id, status, format, include_annexes, locale, "
                + "requested_by, requested_at, updated_at, next_attempt_at) SELECT ?, ?, ?, 'completed', 'xlsx', false, 'en-GB', "
                + "'user_09AXKL2', now(), now(), now() UNION ALL SELECT ?, ?, ?, 'failed', 'xlsx', false, 'en-GB', "
                + "'user_09AXKL2', now(), now(), now()", TestIds.next(), REPORT_A, org, TestIds.next(), REPORT_A, org);
        TestDatabase.update("UPDATE reexport_job SET status = 'cancelled' WHERE reexport_id IN (?, ?, ?)", ids.get(0), ids.get(1), ids.get(2));
        TestDatabase.update("UPDATE reexport_job SET version = version + 1 WHERE org_id = ?", org); // no status change
        TestDatabase.update("DELETE FROM reexport_job WHERE reexport_id = ?", ids.get(3));

        Map<String, Long> expected = Map.of("pending", 2L, "cancelled", 3L, "completed", 1L, "failed", 1L);
        Counts counts = counts(org);
        assertEquals(new TreeMap<>(expected), counts.counted());
        assertEquals(new TreeMap<>(expected), counts.kept());
        String reader = Tokens.token(Tokens.USER_A, org, "reexport:read");
        given().auth().oauth2(reader).get(BASE).then().statusCode(200).body("pagination.total", equalTo(7));
        given().auth().oauth2(reader).queryParam("status", "pending", "cancelled").get(BASE).then().statusCode(200)
                .body("pagination.total", equalTo(5));
        given().auth().oauth2(reader).queryParam("status", "expired").get(BASE).then().statusCode(200)
                .body("pagination.total", equalTo(0));
        // every organisation, the other tests' jobs included, in one snapshot
        Counts all = counts(null);
        assertEquals(all.counted(), all.kept());
    }

    @Test
    void concurrentInsertsOfOneOrganisationStayExact() throws Exception {
        String org = "org_count_" + UUID.randomUUID().toString().substring(0, 8);
        int threads = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                writers.add(CompletableFuture.runAsync(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < each; i++) {
                            TestDatabase.insertJob(TestIds.next(), REPORT_A, org, "pending", Instant.now());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            go.countDown();
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Map.of("pending", (long) threads * each), counts(org).kept());
        given().auth().oauth2(Tokens.token(Tokens.USER_A, org, "reexport:read")).get(BASE).then().statusCode(200)
                .body("pagination.total", equalTo(threads * each));
    }

    @Test
    void truncateEmptiesTheCounts() throws SQLException {
        // in a transaction that is rolled back: the other tests' jobs stay
        try (Connection c = TestDatabase.connection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("TRUNCATE reexport_job CASCADE");
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM reexport_job_count")) {
                    assertTrue(rs.next());
                    assertEquals(0, rs.getLong(1));
                }
            } finally {
                c.rollback();
            }
        }
    }

    /** count(*) per status of one organisation (every organisation when null) and the kept counts, one snapshot. */
    private record Counts(Map<String, Long> counted, Map<String, Long> kept) {
    }

    private static Counts counts(String org) throws SQLException {
        try (Connection c = TestDatabase.connection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Counts counts = new Counts(
                    query(c, "SELECT org_id, status, count(*) FROM reexport_job", org, ""),
                    query(c, "SELECT org_id, status, sum(n) FROM reexport_job_count", org, " HAVING sum(n) <> 0"));
            c.commit();
            return counts;
        }
    }

    private static Map<String, Long> query(Connection c, String select, String org, String having) throws SQLException {
        String sql = select + (org == null ? "" : " WHERE org_id = ?") + " GROUP BY org_id, status" + having;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (org != null) {
                ps.setString(1, org);
            }
            Map<String, Long> result = new TreeMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.put(org == null ? rs.getString(1) + "/" + rs.getString(2) : rs.getString(2), rs.getLong(3));
                }
            }
            return result;
        }
    }
}
