package no.grantreports.reexport.database;

import io.vertx.pgclient.PgException;
import no.grantreports.reexport.common.NotADatabaseFailure;
import io.vertx.sqlclient.ClosedConnectionException;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;

/**
 * The one place that tells "PostgreSQL is unreachable" (answered 503 with Retry-After, logged once
 * per outage) from a genuine failure (500). Decided by the cause chain: connection-level exceptions
 * of the Vert.x/Netty client, the SQLSTATE classes 08 (connection exception) and 57P0x (the server
 * shuts down, crashed or is starting), too many connections (53300), and the pool closed.
 */
public final class DatabaseFailures {

    /** 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");
    /** Messages of Vert.x failures that carry no type of their own. */
    private static final Set<String> UNAVAILABLE_MESSAGES = Set.of("Pool closed", "Connection was closed",
            "Pending requests failed to be sent due to connection has been closed.");

    private DatabaseFailures() {
    }

    public static boolean unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String type = t.getClass().getName();
            if (type.startsWith("software.amazon.awssdk.") || t instanceof NotADatabaseFailure) {
                // The same socket failures from the object store or a file write are not the database's.
                return false;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg) {
                String state = pg.getSqlState();
                return state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state));
            }
            if (t instanceof ClosedConnectionException
                    || t instanceof SocketException // refused, reset, no route; ConnectException too
                    || t instanceof SocketTimeoutException
                    || t instanceof UnknownHostException
                    || t instanceof ClosedChannelException
                    || t instanceof io.netty.channel.ConnectTimeoutException
                    || t instanceof io.netty.channel.unix.Errors.NativeIoException // epoll: reset, ETIMEDOUT (TCP_USER_TIMEOUT)
                    || (t.getMessage() != null && (UNAVAILABLE_MESSAGES.contains(t.getMessage())
                    || t.getMessage().startsWith("Connection is not active now")))) {
                return true;
            }
        }
        return false;
    }

    /** A short description of the cause for the log: the innermost failure's type and message. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
