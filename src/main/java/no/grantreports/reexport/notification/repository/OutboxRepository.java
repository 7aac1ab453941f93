package no.grantreports.reexport.notification.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox (outbox_event) on the reactive client. Due events are taken with
 * {@code FOR UPDATE SKIP LOCKED}, so each goes to one replica; taking one pushes its next attempt
 * past the delivery's time-out, so a replica that dies mid-delivery only delays it.
 */
@ApplicationScoped
public class OutboxRepository {

    public record Event(String id, String reexportId, String orgId, String payload, int attempts, OffsetDateTime createdAt) {
    }

    private static final String TAKE = """
            UPDATE outbox_event SET next_attempt_at = now() + $1 * interval '1 millisecond', attempts = attempts + 1
            WHERE event_id IN (SELECT event_id FROM outbox_event WHERE status = 'pending' AND next_attempt_at <= now()
                               ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING event_id, reexport_id, org_id, payload, attempts, created_at""";
    private static final String DELIVERED = """
            WITH delivered AS (UPDATE outbox_event SET status = 'delivered', delivered_at = now(), last_error = NULL
                               WHERE event_id = $1 AND status = 'pending' RETURNING reexport_id)
            UPDATE reexport_job SET notified = true, updated_at = now(), version = version + 1
            WHERE reexport_id IN (SELECT reexport_id FROM delivered) AND NOT notified""";
    private static final String RETRY = """
            UPDATE outbox_event SET last_error = $2, next_attempt_at = now() + $3 * interval '1 millisecond',
                   status = CASE WHEN created_at + $4 * interval '1 millisecond' < now() THEN 'failed' ELSE 'pending' END
            WHERE event_id = $1 AND status = 'pending'""";

    private final Pool pool;

    public OutboxRepository(Pool pool) {
        this.pool = pool;
    }

    /** Takes up to {@code limit} due events; they are not due again for {@code inFlight}. */
    public Uni<List<Event>> takeDue(Duration inFlight, int limit) {
        return pool.withTransaction(connection -> connection.preparedQuery(TAKE).execute(Tuple.of(inFlight.toMillis(), limit)))
                .map(rows -> {
                    List<Event> events = new ArrayList<>();
                    for (Row row : rows) {
                        events.add(new Event(row.getString("event_id"), row.getString("reexport_id"), row.getString("org_id"),
                                row.getString("payload"), row.getInteger("attempts"), row.getOffsetDateTime("created_at")));
                    }
                    return events;
                });
    }

    /** The event was delivered: it is done, and its job is marked {@code notified}. */
    public Uni<Void> delivered(String eventId) {
        return pool.preparedQuery(DELIVERED).execute(Tuple.of(eventId)).replaceWithVoid();
    }

    /**
     * The delivery failed: tried again after {@code delay}, or failed for good once
     * {@code giveUpAfter} has passed since the event was written.
     */
    public Uni<Void> retryLater(String eventId, String error, Duration delay, Duration giveUpAfter) {
        return pool.preparedQuery(RETRY).execute(Tuple.of(eventId, error, delay.toMillis(), giveUpAfter.toMillis()))
                .replaceWithVoid();
    }
}
