package no.grantreports.reexport.database;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.config.ReexportConfig;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether PostgreSQL is unreachable right now, so that an outage is logged once (WARN when it
 * starts, INFO when it ends) instead of once per failed request. Requests and the readiness check
 * report failures here; while an outage lasts, a probe every second notices the end.
 */
@ApplicationScoped
public class DatabaseOutage {

    private static final Logger LOG = Logger.getLogger(DatabaseOutage.class);

    private final Pool pool;
    private final ReexportConfig.Database settings;
    /** When the current outage started (System.nanoTime), or null while the database is reachable. */
    private final AtomicReference<Long> since = new AtomicReference<>();
    private final AtomicLong refused = new AtomicLong();
    /** Whether the current outage was logged (one right after a recovery is first confirmed by the probe). */
    private volatile boolean warned;
    private volatile long recoveredAt = System.nanoTime() - Duration.ofDays(1).toNanos();
    private volatile String cause;

    public DatabaseOutage(Pool pool, ReexportConfig config) {
        this.pool = pool;
        this.settings = config.database();
    }

    /** A request or check found the database unreachable; the first of an outage logs one WARN. */
    public void failed(Throwable failure) {
        if (since.compareAndSet(null, System.nanoTime())) {
            refused.set(0);
            cause = DatabaseFailures.describe(failure);
            warned = false;
            if (System.nanoTime() - recoveredAt > grace().toNanos()) {
                warn();
            }
            // else: likely an operation that began before the recovery (a connect or query still timing
            // out); the probe confirms it before anything is logged, so a healed outage does not flap.
        }
    }

    private void warn() {
        warned = true;
        LOG.warnf("PostgreSQL is unreachable (%s): requests are answered 503 with Retry-After %d s until it is back",
                cause, retryAfterSeconds());
    }

    /** How long after a recovery a failure may still be a leftover of the outage: the longest bound of one operation. */
    private Duration grace() {
        return settings.connectTimeout().compareTo(settings.tcpUserTimeout()) > 0 ? settings.connectTimeout() : settings.tcpUserTimeout();
    }

    /**
     * For background work: true (and reported) when {@code failure} means the database is
     * unreachable, so the caller drops it quietly; false for any other failure, which stays the caller's.
     */
    public boolean absorbed(Throwable failure) {
        if (DatabaseFailures.unavailable(failure) || failure instanceof DatabaseTimeoutException) {
            failed(failure);
            return true;
        }
        return false;
    }

    /** A request was answered 503 because of the outage (counted for the closing INFO line). */
    public void refusedOne() {
        refused.incrementAndGet();
    }

    /** The database answered; ends an outage with one INFO line. */
    public void reachable() {
        Long started = since.getAndSet(null);
        if (started != null) {
            recoveredAt = System.nanoTime();
        }
        if (started != null && warned) {
            LOG.infof("PostgreSQL is reachable again after %.1f s (%d requests were answered 503 meanwhile)",
                    (System.nanoTime() - started) / 1e9, refused.get());
        }
    }

    public boolean active() {
        return since.get() != null;
    }

    public int retryAfterSeconds() {
        return (int) Math.max(1, settings.retryAfter().toSeconds());
    }

    /** While an outage lasts: is the database back? (Nothing to do otherwise.) */
    @Scheduled(every = "1s", identity = "database-outage-probe", skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> probe() {
        if (!active()) {
            return Uni.createFrom().voidItem();
        }
        return ping(settings.healthTimeout())
                .invoke(this::reachable)
                .onFailure().invoke(failure -> {
                    if (!warned && active() && System.nanoTime() - recoveredAt > grace().toNanos()) {
                        warn();
                    }
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * SELECT 1 on a pooled connection, bounded by {@code timeout}. Through withConnection rather than
     * pool.query: the latter trips an upstream timer bug (see VertxUncaughtFilter).
     */
    Uni<Void> ping(Duration timeout) {
        return pool.withConnection(connection -> connection.query("SELECT 1").execute())
                .ifNoItem().after(timeout).failWith(() -> new DatabaseTimeoutException(timeout))
                .replaceWithVoid();
    }

    /** The database did not answer within a check's bound (a silent network, an overloaded server). */
    public static final class DatabaseTimeoutException extends RuntimeException {
        DatabaseTimeoutException(Duration timeout) {
            super("PostgreSQL did not answer within " + timeout.toMillis() + " ms", null, false, false);
        }
    }
}
