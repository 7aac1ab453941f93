package no.grantreports.reexport.job.service;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.eventbus.EventBus;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.job.repository.JobQueueRepository;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wakes workers for a committed job: this instance through the event bus, the other replicas
 * through PostgreSQL NOTIFY. Only a hint: the periodic poll finds the job if both are lost.
 */
@ApplicationScoped
public class JobDispatcher {

    public static final String ADDRESS = "reexport.requested";
    /** Under a burst, replicas need one wake-up per moment, not one NOTIFY (a pool round trip) per job. */
    static final long NOTIFY_COALESCE_MILLIS = 50;
    private static final Logger LOG = Logger.getLogger(JobDispatcher.class);

    private final EventBus bus;
    private final JobQueueRepository queue;
    private final Vertx vertx;
    private final AtomicBoolean notifyScheduled = new AtomicBoolean();

    public JobDispatcher(EventBus bus, JobQueueRepository queue, Vertx vertx) {
        this.bus = bus;
        this.queue = queue;
        this.vertx = vertx;
    }

    public void wake(String reexportId) {
        bus.send(ADDRESS, reexportId);
        if (notifyScheduled.compareAndSet(false, true)) {
            vertx.setTimer(NOTIFY_COALESCE_MILLIS, timer -> {
                notifyScheduled.set(false);
                queue.notifyReplicas(reexportId).subscribe().with(ok -> { },
                        failure -> LOG.debugf("NOTIFY failed (the poll will find the jobs): %s", failure.getMessage()));
            });
        }
    }
}
