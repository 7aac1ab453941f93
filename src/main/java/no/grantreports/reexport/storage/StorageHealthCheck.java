package no.grantreports.reexport.storage;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: the file store takes files (a probe file on the filesystem, the bucket on S3). */
@Readiness
@ApplicationScoped
public class StorageHealthCheck implements AsyncHealthCheck {

    private final FileStore files;

    public StorageHealthCheck(FileStore files) {
        this.files = files;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(() -> {
                    try {
                        files.checkWritable();
                        return HealthCheckResponse.up("storage");
                    } catch (Exception e) {
                        return HealthCheckResponse.named("storage").down().withData("error", e.getClass().getSimpleName()).build();
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
