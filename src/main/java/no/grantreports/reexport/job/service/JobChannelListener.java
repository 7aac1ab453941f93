package no.grantreports.reexport.job.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import no.grantreports.reexport.job.repository.JobQueueRepository;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * LISTENs on the queue's channel, so a job created on another replica wakes this one at once.
 * Reconnects by itself; while it is down, the periodic poll still finds every job.
 */
@ApplicationScoped
public class JobChannelListener {

    private static final Logger LOG = Logger.getLogger(JobChannelListener.class);

    private final Vertx vertx;
    private final ReexportWorker worker;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private PgSubscriber subscriber;

    public JobChannelListener(Vertx vertx, ReexportWorker worker,
                              @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                              @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
                              @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.worker = worker;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    void onStart(@Observes StartupEvent event) {
        if (!worker.buildsFiles()) {
            return; // an API-only instance has nothing to wake: no connection held for LISTEN
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx.getDelegate(), options).reconnectPolicy(retries -> 1_000L);
        subscriber.channel(JobQueueRepository.JobChannel.NAME).handler(payload -> worker.poll());
        subscriber.connect().onFailure(e -> LOG.warnf("LISTEN %s not connected yet (retrying): %s",
                JobQueueRepository.JobChannel.NAME, e.getMessage()));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
