package no.grantreports.reexport.storage;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import no.grantreports.reexport.config.ReexportConfig;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Whether the store takes files now: writable (a probe file; the bucket for S3) and at least
 * {@code reexport.storage.min-free} bytes free. Checked at start, every
 * {@code reexport.storage.check-interval} and on each readiness probe. The worker claims jobs only
 * while it is healthy, so a broken store leaves jobs pending for healthy replicas instead of
 * burning their attempts. The cause is logged once when the store becomes unhealthy (WARN) and
 * once when it recovers (INFO), not per check.
 */
@ApplicationScoped
public class StorageHealth {

    private static final Logger LOG = Logger.getLogger(StorageHealth.class);

    /** The last check's outcome; {@code reason} is null while healthy. */
    public record Status(boolean healthy, String reason, long freeBytes) {
    }

    private final FileStore files;
    private final ReexportConfig.Storage settings;
    private final List<Runnable> recoveryListeners = new CopyOnWriteArrayList<>();
    /** Not checked yet: no claim before the first check has passed. */
    private volatile Status status = new Status(false, "not checked yet", -1);
    private volatile boolean checked;

    public StorageHealth(FileStore files, ReexportConfig config) {
        this.files = files;
        this.settings = config.storage();
    }

    void onStart(@Observes StartupEvent event) {
        // Off the main thread: an unreachable S3 endpoint must not hold up start-up.
        Infrastructure.getDefaultWorkerPool().execute(this::check);
    }

    @Scheduled(identity = "storage-health", every = "${reexport.storage.check-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodicCheck() {
        check();
    }

    /** True while jobs may be claimed. Never blocks. */
    public boolean accepting() {
        return status.healthy();
    }

    public Status status() {
        return status;
    }

    public long minFreeBytes() {
        return settings.minFree().asLongValue();
    }

    /** Called (on a worker thread) when the store becomes healthy, e.g. to claim the jobs that waited. */
    public void onRecovery(Runnable listener) {
        recoveryListeners.add(listener);
    }

    /** Checks the store now (blocking: call off the event loop) and returns the outcome. */
    public synchronized Status check() {
        Status next = probe();
        Status previous = status;
        boolean first = !checked;
        status = next;
        checked = true;
        if (!next.healthy() && (first || previous.healthy() || !next.reason().equals(previous.reason()))) {
            LOG.warnf("Storage (%s) is unavailable: %s. This instance claims no job until it recovers.",
                    settings.type().name().toLowerCase(java.util.Locale.ROOT), next.reason());
        } else if (next.healthy() && !first && !previous.healthy()) {
            LOG.infof("Storage (%s) is available again; claiming jobs.", settings.type().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (next.healthy() && !previous.healthy()) {
            recoveryListeners.forEach(listener -> {
                try {
                    listener.run();
                } catch (RuntimeException e) {
                    LOG.warnf("After storage recovery: %s", e.getMessage());
                }
            });
        }
        return next;
    }

    private Status probe() {
        long free = -1;
        try {
            files.checkWritable();
            free = files.usableSpace();
            long minimum = minFreeBytes();
            if (free < minimum) {
                return new Status(false, "only " + mebibytes(free) + " free, below the minimum of " + mebibytes(minimum)
                        + " (reexport.storage.min-free)", free);
            }
            return new Status(true, null, free);
        } catch (StorageUnavailableException e) {
            return new Status(false, e.getMessage(), free);
        } catch (IOException | RuntimeException e) {
            return new Status(false, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), free);
        }
    }

    private static String mebibytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
