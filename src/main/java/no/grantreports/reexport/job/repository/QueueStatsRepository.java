package no.grantreports.reexport.job.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts over the shared queue in reexport_job, read on the reactive client (one round trip, no
 * entity loaded): admission control and the queue gauges read them every few seconds.
 */
@ApplicationScoped
public class QueueStatsRepository {

    /** Pending jobs, and jobs completed in the last {@code windowSeconds}. */
    public record Drain(long pending, long completedInWindow) {
    }

    /** Pending jobs, and the age of the oldest one (0 when none waits). */
    public record Depth(long pending, long oldestPendingSeconds) {
    }

    private static final String DEPTH = "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(requested_at)), 0)::bigint "
            + "FROM reexport_job WHERE status = 'pending'";

    private final Pool pool;

    public QueueStatsRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Drain> drain(int windowSeconds) {
        return pool.query("SELECT (SELECT count(*) FROM reexport_job WHERE status = 'pending'), "
                        + "(SELECT count(*) FROM reexport_job WHERE status = 'completed' "
                        + "AND completed_at > now() - interval '" + windowSeconds + " seconds')").execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Drain(row.getLong(0), row.getLong(1));
                });
    }

    public Uni<Depth> depth() {
        return pool.query(DEPTH).execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Depth(row.getLong(0), row.getLong(1));
                });
    }
}
