package no.grantreports.reexport.config;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reactive pool as Quarkus configures it, plus what Quarkus has no setting for:
 * <ul>
 * <li>a bounded wait queue and an acquire timeout, so that under overload a request fails fast
 * (503, see ProblemMappers) instead of queueing without bound;</li>
 * <li>bounds for a silent network (half-open connections): a connect timeout, TCP keepalive and
 * TCP_USER_TIMEOUT, so a query on a connection whose answers stop arriving fails within
 * {@code reexport.database.tcp-user-timeout} instead of the kernel's ~15 minutes.</li>
 * </ul>
 * No per-query timeout: a long legitimate query (a large report's page) must not be cut.
 */
@Singleton
public class BoundedPoolCreator implements PgPoolCreator {

    private static final Logger LOG = Logger.getLogger(BoundedPoolCreator.class);
    /** Keepalive probes: one every this many seconds once the connection idled, this many before giving up. */
    static final int KEEPALIVE_INTERVAL_SECONDS = 5;
    static final int KEEPALIVE_COUNT = 3;

    private final ReexportConfig.Admission admission;
    private final ReexportConfig.Database database;

    public BoundedPoolCreator(ReexportConfig config) {
        this.admission = config.admission();
        this.database = config.database();
    }

    @Override
    public Pool create(Input input) {
        PoolOptions options = input.poolOptions()
                .setMaxWaitQueueSize(admission.poolMaxWaiting())
                .setConnectionTimeout((int) admission.poolAcquireTimeout().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        List<PgConnectOptions> connectOptions = input.pgConnectOptionsList();
        connectOptions.forEach(this::bound);
        if (!input.vertx().isNativeTransportEnabled()) {
            // Java NIO cannot set TCP_USER_TIMEOUT: a silently cut connection then hangs until the kernel gives up.
            LOG.warn("Vert.x runs without its native transport (epoll): TCP_USER_TIMEOUT of database connections is not "
                    + "applied; set quarkus.vertx.prefer-native-transport=true on Linux");
        }
        return PgDriver.INSTANCE.createPool(input.vertx(), connectOptions, options);
    }

    void bound(PgConnectOptions options) {
        options.setConnectTimeout((int) database.connectTimeout().toMillis())
                .setTcpKeepAlive(true)
                .setTcpKeepAliveIdleSeconds((int) Math.max(1, database.keepaliveIdle().toSeconds()))
                .setTcpKeepAliveIntervalSeconds(KEEPALIVE_INTERVAL_SECONDS)
                .setTcpKeepAliveCount(KEEPALIVE_COUNT)
                .setTcpUserTimeout((int) database.tcpUserTimeout().toMillis());
    }
}
