package no.grantreports.reexport.job.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * reexport_job as a queue, in plain SQL on the reactive client: claims take ready jobs with
 * {@code FOR UPDATE SKIP LOCKED}, so replicas never take the same job; every write that finishes
 * a claim is fenced by {@code attempt} and {@code locked_by}, so a worker that lost its claim
 * changes nothing. Times come from the database's clock, shared by all replicas.
 */
@ApplicationScoped
public class JobQueueRepository {

    public record Claim(String reexportId, int attempt) {
    }

    public record Rescued(String reexportId, String status) {
    }

    private static final String FENCE = " WHERE reexport_id = $1 AND attempt = $2 AND locked_by = $3 AND status = 'processing'";

    private static final String CLAIM = """
            UPDATE reexport_job SET status = 'processing', attempt = attempt + 1, locked_by = $1,
                   lease_until = now() + $2 * interval '1 millisecond', started_at = now(), updated_at = now(),
                   version = version + 1
            WHERE reexport_id IN (SELECT reexport_id FROM reexport_job
                                  WHERE status = 'pending' AND next_attempt_at <= now()
                                  ORDER BY next_attempt_at, requested_at
                                  LIMIT $3 FOR UPDATE SKIP LOCKED)
            RETURNING reexport_id, attempt""";

    private static final String EXTEND = "UPDATE reexport_job SET lease_until = now() + $4 * interval '1 millisecond'" + FENCE;

    private static final String COMPLETE = """
            UPDATE reexport_job SET status = 'completed', output_file_ref = $4, output_file_size_bytes = $5,
                   report_version = $6, completed_at = date_trunc('milliseconds', now()), updated_at = now(), locked_by = NULL, lease_until = NULL,
                   error_code = NULL, error_message = NULL, version = version + 1""" + FENCE;

    private static final String FAIL = """
            UPDATE reexport_job SET status = 'failed', error_code = $4, error_message = $5, updated_at = now(),
                   locked_by = NULL, lease_until = NULL, version = version + 1""" + FENCE;

    private static final String RETRY = """
            UPDATE reexport_job SET status = 'pending', error_code = $4, error_message = $5,
                   next_attempt_at = now() + $6 * interval '1 millisecond', updated_at = now(),
                   locked_by = NULL, lease_until = NULL, version = version + 1""" + FENCE;

    private static final String RESCUE = """
            UPDATE reexport_job SET
                   status = CASE WHEN attempt < $1 THEN 'pending' ELSE 'failed' END,
                   error_code = 'worker_lost',
                   error_message = CASE WHEN attempt < $1
                       THEN 'The instance building this file stopped responding; the job was queued again.'
                       ELSE 'The instance building this file stopped responding, and no attempts are left.' END,
                   next_attempt_at = now(), locked_by = NULL, lease_until = NULL, updated_at = now(),
                   version = version + 1
            WHERE status = 'processing' AND lease_until < now()
            RETURNING reexport_id, status""";

    private static final String RELEASE = """
            UPDATE reexport_job SET status = 'pending', next_attempt_at = now(), locked_by = NULL, lease_until = NULL,
                   updated_at = now(), version = version + 1
            WHERE status = 'processing' AND locked_by = $1""";

    private final Pool pool;

    public JobQueueRepository(Pool pool) {
        this.pool = pool;
    }

    /** Takes up to {@code limit} ready jobs for this worker. */
    public Uni<List<Claim>> claim(String worker, Duration lease, int limit) {
        return pool.withTransaction(connection -> connection.preparedQuery(CLAIM)
                        .execute(Tuple.of(worker, lease.toMillis(), limit)))
                .map(rows -> {
                    List<Claim> claims = new ArrayList<>();
                    for (Row row : rows) {
                        claims.add(new Claim(row.getString(0), row.getInteger(1)));
                    }
                    return claims;
                });
    }

    /** Extends the lease; false when the claim is no longer this worker's. */
    public Uni<Boolean> extendLease(Claim claim, String worker, Duration lease) {
        return update(EXTEND, Tuple.of(claim.reexportId(), claim.attempt(), worker, lease.toMillis()));
    }

    public Uni<Boolean> complete(Claim claim, String worker, String fileRef, long sizeBytes, int reportVersion) {
        return update(COMPLETE, Tuple.from(new Object[]{claim.reexportId(), claim.attempt(), worker, fileRef, sizeBytes,
                reportVersion}));
    }

    public Uni<Boolean> fail(Claim claim, String worker, String errorCode, String message) {
        return update(FAIL, Tuple.from(new Object[]{claim.reexportId(), claim.attempt(), worker, errorCode, message}));
    }

    public Uni<Boolean> retryLater(Claim claim, String worker, String errorCode, String message, Duration delay) {
        return update(RETRY, Tuple.from(new Object[]{claim.reexportId(), claim.attempt(), worker, errorCode, message,
                delay.toMillis()}));
    }

    /** Jobs whose lease ran out go back to pending, or fail when no attempts are left. */
    public Uni<List<Rescued>> rescueExpired(int maxAttempts) {
        return pool.preparedQuery(RESCUE).execute(Tuple.of(maxAttempts)).map(rows -> {
            List<Rescued> rescued = new ArrayList<>();
            for (Row row : rows) {
                rescued.add(new Rescued(row.getString(0), row.getString(1)));
            }
            return rescued;
        });
    }

    /** Gives this worker's claims back (graceful shutdown). */
    public Uni<Integer> release(String worker) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(worker)).map(rows -> rows.rowCount());
    }

    /** Wakes workers of every replica (LISTEN reexport_jobs). */
    public Uni<Void> notifyReplicas(String reexportId) {
        return pool.preparedQuery("SELECT pg_notify('" + JobChannel.NAME + "', $1)").execute(Tuple.of(reexportId))
                .replaceWithVoid();
    }

    private Uni<Boolean> update(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).map(rows -> rows.rowCount() == 1);
    }

    /** The LISTEN/NOTIFY channel of the queue. */
    public static final class JobChannel {
        public static final String NAME = "reexport_jobs";

        private JobChannel() {
        }
    }
}
