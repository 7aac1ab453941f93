package no.grantreports.reexport.job.service;

import io.vertx.mutiny.core.eventbus.EventBus;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Wakes a worker for a job. Only a hint: the job is already committed in PostgreSQL, and the
 * sweep finds it again if this message is lost.
 */
@ApplicationScoped
public class JobDispatcher {

    public static final String ADDRESS = "reexport.requested";

    private final EventBus bus;

    public JobDispatcher(EventBus bus) {
        this.bus = bus;
    }

    public void wake(String reexportId) {
        bus.send(ADDRESS, reexportId);
    }
}
