package no.grantreports.reexport.storage;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the file store takes files (writable, enough free space, the bucket reachable on S3).
 * DOWN carries the reason, e.g. "S3 refused access … (403 Forbidden)" or "only 12.0 MiB free …".
 */
@Readiness
@ApplicationScoped
public class StorageHealthCheck implements AsyncHealthCheck {

    private final StorageHealth storage;

    public StorageHealthCheck(StorageHealth storage) {
        this.storage = storage;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(() -> {
                    StorageHealth.Status status = storage.check();
                    HealthCheckResponseBuilder response = HealthCheckResponse.named("storage").status(status.healthy());
                    if (status.freeBytes() >= 0) {
                        response.withData("free_bytes", status.freeBytes());
                    }
                    response.withData("min_free_bytes", storage.minFreeBytes());
                    if (!status.healthy()) {
                        response.withData("reason", status.reason());
                    }
                    return response.build();
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
