package no.grantreports.reexport.job.service;

import io.vertx.mutiny.core.eventbus.EventBus;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.job.repository.JobQueueRepository;
import org.jboss.logging.Logger;

/**
 * Wakes workers for a committed job: this instance through the event bus, the other replicas
 * through PostgreSQL NOTIFY. Only a hint: the periodic poll finds the job if both are lost.
 */
@ApplicationScoped
public class JobDispatcher {

    public static final String ADDRESS = "reexport.requested";
    private static final Logger LOG = Logger.getLogger(JobDispatcher.class);

    private final EventBus bus;
    private final JobQueueRepository queue;

    public JobDispatcher(EventBus bus, JobQueueRepository queue) {
        this.bus = bus;
        this.queue = queue;
    }

    public void wake(String reexportId) {
        bus.send(ADDRESS, reexportId);
        queue.notifyReplicas(reexportId).subscribe().with(ok -> { },
                failure -> LOG.debugf("NOTIFY for %s failed (the poll will find it): %s", reexportId, failure.getMessage()));
    }
}
