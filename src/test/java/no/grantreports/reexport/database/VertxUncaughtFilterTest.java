package no.grantreports.reexport.database;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only the upstream pool-timer failure (vertx-sql-client#1706) is kept out of the error log. */
class VertxUncaughtFilterTest {

    @Test
    void recognisesThePoolTimerBugByItsFrame() {
        assertTrue(VertxUncaughtFilter.isPoolTimerBug(failure("Result is already complete",
                "io.vertx.sqlclient.impl.pool.SqlConnectionPool", "lambda$execute$3")));
    }

    @Test
    void leavesEverythingElseToQuarkus() {
        assertFalse(VertxUncaughtFilter.isPoolTimerBug(failure("Result is already complete",
                "no.grantreports.reexport.job.Worker", "lambda$run$1")));
        assertFalse(VertxUncaughtFilter.isPoolTimerBug(failure("Something else",
                "io.vertx.sqlclient.impl.pool.SqlConnectionPool", "lambda$execute$3")));
        assertFalse(VertxUncaughtFilter.isPoolTimerBug(new RuntimeException("Result is already complete")));
    }

    private static IllegalStateException failure(String message, String className, String method) {
        IllegalStateException e = new IllegalStateException(message);
        e.setStackTrace(new StackTraceElement[]{
                new StackTraceElement("io.vertx.core.Promise", "fail", "Promise.java", 90),
                new StackTraceElement(className, method, "X.java", 216)});
        return e;
    }
}
