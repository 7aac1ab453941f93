package no.grantreports.reexport.problem;

import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The failures of an exhausted database pool, however wrapped, are recognised (and answered 503, not 500). */
class PoolExhaustionTest {

    @Test
    void recognisesTheVertxPoolFailures() {
        assertTrue(ProblemMappers.poolExhausted(new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 1")));
        assertTrue(ProblemMappers.poolExhausted(new CompletionException(new NoStackTraceThrowable("Timeout"))));
        assertTrue(ProblemMappers.poolExhausted(new RuntimeException(new VertxException("Timeout waiting for connection", true))));
    }

    @Test
    void leavesOtherFailuresAlone() {
        assertFalse(ProblemMappers.poolExhausted(new IllegalStateException("Timeout")));
        assertFalse(ProblemMappers.poolExhausted(new NoStackTraceThrowable("Connection refused")));
        assertFalse(ProblemMappers.poolExhausted(new VertxException("Timeout")));
    }
}
