package no.grantreports.reexport.database;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures mean "PostgreSQL is unreachable" (503 + Retry-After) and which stay genuine failures (500). */
class DatabaseFailuresTest {

    @Test
    void connectionLevelFailuresAreAnOutageHoweverWrapped() {
        assertTrue(DatabaseFailures.unavailable(new CompletionException(new ConnectException("Connection refused"))));
        assertTrue(DatabaseFailures.unavailable(new HibernateException(new SocketException("Connection reset"))));
        assertTrue(DatabaseFailures.unavailable(new ConnectTimeoutException("connection timed out: /10.200.0.2:5432")));
        assertTrue(DatabaseFailures.unavailable(ClosedConnectionException.INSTANCE));
        assertTrue(DatabaseFailures.unavailable(new NoStackTraceThrowable("Pool closed")));
        assertTrue(DatabaseFailures.unavailable(new VertxException("Connection is not active now, current status: CLOSED", true)));
    }

    @Test
    void serverShutdownAndConnectionSqlStatesAreAnOutage() {
        assertTrue(DatabaseFailures.unavailable(pg("57P01", "terminating connection due to administrator command")));
        assertTrue(DatabaseFailures.unavailable(pg("57P02", "crash shutdown")));
        assertTrue(DatabaseFailures.unavailable(pg("57P03", "the database system is starting up")));
        assertTrue(DatabaseFailures.unavailable(pg("08006", "connection failure")));
        assertTrue(DatabaseFailures.unavailable(pg("53300", "too many connections")));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(DatabaseFailures.unavailable(pg("23505", "duplicate key value violates unique constraint")));
        assertFalse(DatabaseFailures.unavailable(pg("22001", "value too long for type character varying(128)")));
        assertFalse(DatabaseFailures.unavailable(new IllegalStateException("boom")));
        assertFalse(DatabaseFailures.unavailable(new IOException("No space left on device")));
        assertFalse(DatabaseFailures.unavailable(new NoStackTraceThrowable("Timeout")));
        // a socket failure of the object store is the store's, not the database's
        assertFalse(DatabaseFailures.unavailable(new RuntimeException(
                software.amazon.awssdk.core.exception.SdkClientException.create("Unable to execute HTTP request", new ConnectException("refused")))));
    }

    @Test
    void describesTheInnermostCause() {
        assertTrue(DatabaseFailures.describe(new CompletionException(new ConnectException("Connection refused")))
                .equals("ConnectException: Connection refused"));
    }

    private static PgException pg(String sqlState, String message) {
        return new PgException(message, "FATAL", sqlState, null);
    }
}
