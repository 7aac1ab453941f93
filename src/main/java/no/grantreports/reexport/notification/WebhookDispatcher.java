package no.grantreports.reexport.notification;

import no.grantreports.reexport.database.OutageAware;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.eventbus.EventBus;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.config.ReexportConfig;
import no.grantreports.reexport.common.Backoff;
import no.grantreports.reexport.notification.repository.OutboxRepository;
import no.grantreports.reexport.notification.repository.OutboxRepository.Event;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * Delivers the outbox: due events are taken with {@code FOR UPDATE SKIP LOCKED} (each by one
 * replica), published on the event bus the first time, and POSTed to the organisation's webhook
 * endpoint with Standard Webhooks headers. A 2xx marks the event delivered and the job
 * {@code notified}; anything else is retried with capped exponential backoff and jitter until
 * {@code reexport.webhook.give-up-after} has passed since the event was written.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final int BATCH = 20;

    private final OutboxRepository outbox;
    private final EventBus bus;
    private final ReexportConfig.Webhook settings;
    /**
     * Built on first use, on a worker thread: an HttpClient initialises TLS (hundreds of ms), which must
     * neither happen on an event loop nor lengthen every start (a cold instance may never deliver one).
     */
    private final Uni<HttpClient> http;
    private final MeterRegistry registry;

    public WebhookDispatcher(OutboxRepository outbox, EventBus bus, ReexportConfig config, MeterRegistry registry) {
        this.outbox = outbox;
        this.registry = registry;
        this.bus = bus;
        this.settings = config.webhook();
        this.http = Uni.createFrom().item(() -> HttpClient.newBuilder().connectTimeout(settings.timeout()).build())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .memoize().indefinitely();
    }

    @Scheduled(skipExecutionIf = Scheduled.ApplicationNotRunning.class, identity = "webhook-dispatch", delayed = "${reexport.startup.scheduler-delay:0s}", every = "${reexport.webhook.poll-interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @OutageAware
    public Uni<Void> dispatch() {
        return outbox.takeDue(settings.timeout().multipliedBy(3), BATCH)
                .onItem().transformToMulti(events -> Multi.createFrom().iterable(events))
                .onItem().transformToUniAndMerge(this::deliver)
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> deliver(Event event) {
        if (event.attempts() == 1) {
            bus.publish(CompletionNotifier.ADDRESS, new JsonObject(event.payload()).getJsonObject("data"));
        }
        Optional<Target> target = target(event.orgId());
        if (target.isEmpty()) {
            return retry(event, "no webhook endpoint is configured for " + event.orgId());
        }
        long timestamp = System.currentTimeMillis() / 1000;
        HttpRequest.Builder request = HttpRequest.newBuilder(target.get().url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("webhook-id", event.id())
                .header("webhook-timestamp", Long.toString(timestamp))
                .POST(HttpRequest.BodyPublishers.ofString(event.payload()));
        target.get().secret().ifPresent(secret ->
                request.header("webhook-signature", WebhookSigner.sign(secret, event.id(), timestamp, event.payload())));
        return http.flatMap(client -> Uni.createFrom().completionStage(() -> client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())))
                .flatMap(response -> response.statusCode() / 100 == 2
                        ? outbox.delivered(event.id()).invoke(() -> count("delivered"))
                        : retry(event, "HTTP " + response.statusCode()))
                .onFailure().recoverWithUni(failure -> retry(event, failure.getClass().getSimpleName() + ": " + failure.getMessage()));
    }

    /** reexport.webhook.deliveries{outcome=delivered|refused} (kept here: notification must not depend on the job feature). */
    private void count(String outcome) {
        registry.counter("reexport.webhook.deliveries", "outcome", outcome).increment();
    }

    private Uni<Void> retry(Event event, String error) {
        count("refused");
        LOG.debugf("Webhook %s for %s not delivered (attempt %d): %s", event.id(), event.reexportId(), event.attempts(), error);
        return outbox.retryLater(event.id(), error, Backoff.delay(settings.retryBackoff(), settings.retryBackoffMax(), event.attempts()),
                settings.giveUpAfter());
    }

    private record Target(URI url, Optional<String> secret) {
    }

    private Optional<Target> target(String orgId) {
        ReexportConfig.Webhook.Endpoint own = settings.organisations().get(orgId);
        if (own != null) {
            return Optional.of(new Target(own.url(), own.secret()));
        }
        return settings.url().map(url -> new Target(url, settings.secret()));
    }
}
