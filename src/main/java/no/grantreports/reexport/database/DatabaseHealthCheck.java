package no.grantreports.reexport.database;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.config.ReexportConfig;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * Readiness: PostgreSQL answers SELECT 1 within {@code reexport.database.health-timeout}. Replaces
 * Quarkus' own check, which waits up to 20 s (a probe against a silent network would hang that long).
 */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements AsyncHealthCheck {

    static final String NAME = "database";

    private final DatabaseOutage outage;
    private final Duration timeout;

    public DatabaseHealthCheck(DatabaseOutage outage, ReexportConfig config) {
        this.outage = outage;
        this.timeout = config.database().healthTimeout();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return outage.ping(timeout)
                .map(ignored -> {
                    outage.reachable();
                    return HealthCheckResponse.up(NAME);
                })
                .onFailure().recoverWithItem(failure -> {
                    if (failure instanceof DatabaseOutage.DatabaseTimeoutException || DatabaseFailures.unavailable(failure)) {
                        outage.failed(failure);
                    }
                    return HealthCheckResponse.named(NAME).down().withData("error", DatabaseFailures.describe(failure)).build();
                });
    }
}
