package no.grantreports.reexport.job.service;

import no.grantreports.reexport.database.OutageAware;
import no.grantreports.reexport.job.ExportFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.job.repository.QueueStatsRepository;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The job engine's metrics on /q/metrics: jobs created and finished by status and format, export
 * duration, attempts, retries, rescues, and the queue's depth and oldest pending age (read from PostgreSQL,
 * so every replica reports the shared queue).
 */
@ApplicationScoped
public class JobMetrics {

    private final MeterRegistry registry;
    private final QueueStatsRepository queue;
    private final AtomicLong queueDepth = new AtomicLong();
    private final AtomicLong oldestPendingSeconds = new AtomicLong();

    public JobMetrics(MeterRegistry registry, QueueStatsRepository queue) {
        this.registry = registry;
        this.queue = queue;
        Gauge.builder("reexport.queue.depth", queueDepth, AtomicLong::get)
                .description("Jobs waiting to be claimed (pending)").register(registry);
        Gauge.builder("reexport.queue.oldest.pending.age", oldestPendingSeconds, AtomicLong::get)
                .baseUnit("seconds").description("Age of the oldest pending job").register(registry);
    }

    public void created(ExportFormat format) {
        Counter.builder("reexport.jobs.created").tag("format", format.wireName()).register(registry).increment();
    }

    public void finished(String status, ExportFormat format, int attempts, Duration exportTime) {
        Counter.builder("reexport.jobs.finished").tag("status", status).tag("format", format.wireName()).register(registry).increment();
        DistributionSummary.builder("reexport.jobs.attempts").description("Attempts a job took to finish")
                .register(registry).record(attempts);
        if (exportTime != null) {
            Timer.builder("reexport.export.duration").tag("format", format.wireName()).publishPercentileHistogram()
                    .register(registry).record(exportTime);
        }
    }

    public void retried(ExportFormat format) {
        Counter.builder("reexport.jobs.retried").tag("format", format.wireName()).register(registry).increment();
    }

    public void rescued(String outcome, int count) {
        Counter.builder("reexport.jobs.rescued").tag("outcome", outcome).register(registry).increment(count);
    }

    @Scheduled(skipExecutionIf = Scheduled.ApplicationNotRunning.class, identity = "queue-metrics", delayed = "${reexport.startup.scheduler-delay:0s}", every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @OutageAware
    Uni<Void> readQueue() {
        return queue.depth()
                .invoke(depth -> {
                    queueDepth.set(depth.pending());
                    oldestPendingSeconds.set(depth.oldestPendingSeconds());
                })
                .replaceWithVoid();
    }
}
