package no.grantreports.reexport.job.service;

import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.config.ReexportConfig;
import no.grantreports.reexport.database.DatabaseOutage;
import no.grantreports.reexport.job.repository.JobQueueRepository;
import no.grantreports.reexport.job.repository.JobQueueRepository.Claim;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps a claim's lease alive while its file is built: every third of the lease the lease is
 * extended (fenced by attempt and owner). When an extension finds the claim taken away (rescued
 * after a stall, cancelled, re-queued by an operator) the lease reads as lost and the worker
 * discards its file instead of finishing the job.
 */
@ApplicationScoped
public class LeaseHeartbeat {

    private static final Logger LOG = Logger.getLogger(LeaseHeartbeat.class);

    private final JobQueueRepository queue;
    private final Duration lease;
    private final Vertx vertx;
    private final DatabaseOutage outage;

    public LeaseHeartbeat(JobQueueRepository queue, ReexportConfig config, Vertx vertx, DatabaseOutage outage) {
        this.queue = queue;
        this.lease = config.worker().lease();
        this.vertx = vertx;
        this.outage = outage;
    }

    /** Starts extending the claim's lease until {@link Lease#stop()}. */
    Lease keep(Claim claim, String worker) {
        AtomicBoolean lost = new AtomicBoolean();
        long timer = vertx.setPeriodic(Math.max(100, lease.toMillis() / 3), ignored ->
                queue.extendLease(claim, worker, lease).subscribe().with(
                        owned -> lost.compareAndSet(false, !owned),
                        failure -> {
                            // a failed extension is not a lost claim: the next beat tries again
                            if (!outage.absorbed(failure)) {
                                LOG.warnf("Re-export %s: lease not extended: %s", claim.reexportId(), failure.getMessage());
                            }
                        }));
        return new Lease(lost, () -> vertx.cancelTimer(timer));
    }

    /** One claim's heartbeat. */
    static final class Lease {
        private final AtomicBoolean lost;
        private final Runnable stop;

        private Lease(AtomicBoolean lost, Runnable stop) {
            this.lost = lost;
            this.stop = stop;
        }

        /** True once an extension found the job no longer this claim's. */
        boolean lost() {
            return lost.get();
        }

        void stop() {
            stop.run();
        }
    }
}
