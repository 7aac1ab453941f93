package no.grantreports.reexport.database;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Keeps a known, harmless upstream bug out of the error log. vertx-sql-client 4.5 (issue
 * eclipse-vertx/vertx-sql-client#1706): a query run on the pool itself ({@code pool.query(...)})
 * whose connection attempt fails (database down or cut off) gets its failure at once, but the
 * pool's acquire-timeout timer is not cancelled; when it fires it fails the completed promise and
 * Vert.x reports {@code IllegalStateException: Result is already complete} as uncaught. The caller
 * already had its answer, so nothing is lost. Our pool's acquire timeout (BoundedPoolCreator) only
 * makes it fire sooner than the default 30 s; it does not cause it. Every other uncaught exception
 * still goes to Quarkus' handler (an ERROR).
 */
@ApplicationScoped
public class VertxUncaughtFilter {

    private static final Logger LOG = Logger.getLogger(VertxUncaughtFilter.class);

    void install(@Observes StartupEvent start, Vertx vertx) {
        Handler<Throwable> quarkus = vertx.exceptionHandler();
        vertx.exceptionHandler(failure -> {
            if (isPoolTimerBug(failure)) {
                LOG.debug("Ignored vertx-sql-client#1706 (the pool timer fired after a failed connection attempt)");
            } else if (quarkus != null) {
                quarkus.handle(failure);
            } else {
                LOG.error("Uncaught exception received by Vert.x", failure);
            }
        });
    }

    static boolean isPoolTimerBug(Throwable failure) {
        if (!(failure instanceof IllegalStateException) || !"Result is already complete".equals(failure.getMessage())) {
            return false;
        }
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().equals("io.vertx.sqlclient.impl.pool.SqlConnectionPool")
                    && frame.getMethodName().startsWith("lambda$execute")) {
                return true;
            }
        }
        return false;
    }
}
