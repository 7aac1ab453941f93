package no.grantreports.reexport.config;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Singleton;

import java.util.concurrent.TimeUnit;

/**
 * The reactive pool as Quarkus configures it, plus what Quarkus has no setting for: a bounded wait
 * queue and an acquire timeout, so that under overload a request fails fast (503, see
 * ProblemMappers) instead of queueing without bound.
 */
@Singleton
public class BoundedPoolCreator implements PgPoolCreator {

    private final ReexportConfig.Admission settings;

    public BoundedPoolCreator(ReexportConfig config) {
        this.settings = config.admission();
    }

    @Override
    public Pool create(Input input) {
        PoolOptions options = input.poolOptions()
                .setMaxWaitQueueSize(settings.poolMaxWaiting())
                .setConnectionTimeout((int) settings.poolAcquireTimeout().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        return PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), options);
    }
}
