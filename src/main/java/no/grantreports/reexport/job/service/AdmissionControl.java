package no.grantreports.reexport.job.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.config.ReexportConfig;
import no.grantreports.reexport.job.repository.QueueStatsRepository;
import no.grantreports.reexport.problem.ProblemException;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load shedding for new jobs. Two limits, checked without touching the database:
 * <ul>
 * <li>the shared queue: at {@code max-pending} pending jobs, new jobs are refused with 429 and a
 * Retry-After from the measured drain rate (the count is read every {@code refresh-interval}; in
 * between, this instance adds the jobs it created and the places its POSTs in progress reserved,
 * so it is exact for one instance and a soft cap across replicas);</li>
 * <li>this instance: at {@code max-in-flight} POSTs waiting for the database, more are refused
 * with 503, so a burst cannot pile up in the connection pool's wait queue or in memory.</li>
 * </ul>
 */
@ApplicationScoped
public class AdmissionControl {

    private static final Logger LOG = Logger.getLogger(AdmissionControl.class);
    /** Completions counted for the drain rate: the last this many seconds. */
    static final int DRAIN_WINDOW_SECONDS = 10;
    /** The time to drain to 10 % below the cap, so that clients do not all come back to a full queue. */
    static final double HEADROOM = 0.1;
    /** An overloaded instance frees up within a second (its POSTs take milliseconds). */
    static final int OVERLOAD_RETRY_AFTER_SECONDS = 1;

    private final QueueStatsRepository queue;
    private final ReexportConfig.Admission settings;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Pending jobs in PostgreSQL at the last refresh. */
    private final AtomicLong pendingAtRefresh = new AtomicLong();
    /** Jobs this instance created since then. */
    private final AtomicLong createdSinceRefresh = new AtomicLong();
    /** Places reserved by POSTs whose insert has not finished yet. */
    private final AtomicLong reserved = new AtomicLong();
    private volatile double drainPerSecond;

    public AdmissionControl(QueueStatsRepository queue, ReexportConfig config) {
        this.queue = queue;
        this.settings = config.admission();
    }

    /** Takes an in-flight slot for one POST, or refuses it with 503; {@link #leave()} gives it back. */
    public void enter() {
        if (inFlight.incrementAndGet() > settings.maxInFlight()) {
            inFlight.decrementAndGet();
            throw ProblemException.serviceUnavailable("The service is busy (" + settings.maxInFlight()
                    + " requests in progress); retry after " + OVERLOAD_RETRY_AFTER_SECONDS + " s.", OVERLOAD_RETRY_AFTER_SECONDS);
        }
    }

    public void leave() {
        inFlight.decrementAndGet();
    }

    /**
     * Reserves a place in the queue for a new job, or refuses it with 429 while the queue is full.
     * A reservation whose insert fails is given back with {@link #unreserve()}. Replays of an
     * Idempotency-Key never come here.
     */
    public Uni<Void> reserve() {
        long current = reserved.incrementAndGet() + pendingAtRefresh.get() + createdSinceRefresh.get();
        if (current <= settings.maxPending()) {
            return Uni.createFrom().voidItem();
        }
        reserved.decrementAndGet();
        current--;
        int retryAfter = retryAfterSeconds(current, settings.maxPending(), drainPerSecond,
                (int) settings.maxRetryAfter().toSeconds());
        return Uni.createFrom().failure(ProblemException.tooManyRequests("The queue is full (" + current
                + " re-exports waiting, the limit is " + settings.maxPending() + "); retry after " + retryAfter + " s.", retryAfter));
    }

    /** The reserved job was created (committed). */
    public void created() {
        createdSinceRefresh.incrementAndGet();
        reserved.decrementAndGet();
    }

    /** The reserved job was not created after all. */
    public void unreserve() {
        reserved.decrementAndGet();
    }

    /**
     * Seconds the queue needs, at the measured drain rate, to fall 10 % below the cap; at least 1,
     * at most {@code max}, and {@code max} while nothing drains.
     */
    static int retryAfterSeconds(long pending, int maxPending, double drainPerSecond, int max) {
        if (drainPerSecond <= 0) {
            return max;
        }
        double toDrain = pending - maxPending * (1 - HEADROOM);
        long seconds = (long) Math.ceil(toDrain / drainPerSecond);
        return (int) Math.max(1, Math.min(max, seconds));
    }

    @Scheduled(skipExecutionIf = Scheduled.ApplicationNotRunning.class, identity = "admission-refresh", every = "${reexport.admission.refresh-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return queue.drain(DRAIN_WINDOW_SECONDS)
                .invoke(drain -> {
                    pendingAtRefresh.set(drain.pending());
                    createdSinceRefresh.set(0);
                    drainPerSecond = drain.completedInWindow() / (double) DRAIN_WINDOW_SECONDS;
                })
                .onFailure().invoke(failure -> LOG.debugf("Queue count not refreshed: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
