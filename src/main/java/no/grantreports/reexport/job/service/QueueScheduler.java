package no.grantreports.reexport.job.service;

import no.grantreports.reexport.database.OutageAware;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.config.ReexportConfig;
import no.grantreports.reexport.job.repository.JobQueueRepository;
import org.jboss.logging.Logger;

/**
 * The queue's clockwork: a periodic poll (the backstop for lost wake-ups) and the rescuer, which
 * puts jobs whose lease ran out (their instance died) back to pending, or fails them when no
 * attempts are left.
 */
@ApplicationScoped
public class QueueScheduler {

    private static final Logger LOG = Logger.getLogger(QueueScheduler.class);

    private final ReexportWorker worker;
    private final JobQueueRepository queue;
    private final ReexportConfig config;
    private final JobMetrics metrics;

    public QueueScheduler(ReexportWorker worker, JobQueueRepository queue, ReexportConfig config, JobMetrics metrics) {
        this.worker = worker;
        this.queue = queue;
        this.config = config;
        this.metrics = metrics;
    }

    @Scheduled(skipExecutionIf = Scheduled.ApplicationNotRunning.class, identity = "queue-poll", delayed = "${reexport.startup.scheduler-delay:0s}", every = "${reexport.worker.poll-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        worker.poll();
    }

    @Scheduled(skipExecutionIf = Scheduled.ApplicationNotRunning.class, identity = "queue-rescue", delayed = "${reexport.startup.scheduler-delay:0s}", every = "${reexport.worker.rescue-interval:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @OutageAware
    Uni<Void> rescue() {
        return queue.rescueExpired(config.worker().maxAttempts()).invoke(rescued -> {
            if (!rescued.isEmpty()) {
                LOG.warnf("Rescued %d job(s) whose lease expired: %s", rescued.size(), rescued);
                rescued.stream().collect(java.util.stream.Collectors.groupingBy(JobQueueRepository.Rescued::status,
                        java.util.stream.Collectors.counting())).forEach((status, count) -> metrics.rescued(status, count.intValue()));
                worker.poll();
            }
        }).replaceWithVoid();
    }
}
