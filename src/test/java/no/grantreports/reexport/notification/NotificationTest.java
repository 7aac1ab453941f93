package no.grantreports.reexport.notification;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import no.grantreports.reexport.report.rest.ReportApiTest;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import no.grantreports.reexport.testsupport.WebhookReceiver;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.eventbus.EventBus;
import io.vertx.mutiny.core.eventbus.MessageConsumer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * notify_on_completion means a notification was really delivered: signed Standard Webhooks POSTs
 * to a real receiver, retried until it answers 2xx, and only then {@code notified}.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
public class NotificationTest {

    static final String BASE = "/api/v1/report-reexports";

    @Inject
    EventBus bus;

    static String create(String token, String reportId, boolean notify) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"report_id\": \"" + reportId + "\", \"notify_on_completion\": " + notify + "}")
                .post(BASE).then().statusCode(202).extract().path("reexport_id");
    }

    /** How a receiver checks a Standard Webhooks signature, written independently of the service's signer. */
    static boolean signatureValid(WebhookReceiver.Delivery delivery) throws Exception {
        String id = delivery.headers().get("webhook-id");
        String timestamp = delivery.headers().get("webhook-timestamp");
        byte[] key = Base64.getDecoder().decode(WebhookReceiver.SECRET.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + delivery.body()).getBytes(StandardCharsets.UTF_8)));
        boolean fresh = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) < 300;
        return fresh && List.of(delivery.headers().get("webhook-signature").split(" ")).contains("v1," + expected);
    }

    @Test
    void aCompletedJobIsDeliveredSignedAndOnlyThenMarkedNotified() throws Exception {
        List<JsonObject> onTheBus = new CopyOnWriteArrayList<>();
        MessageConsumer<JsonObject> consumer = bus.<JsonObject>consumer(CompletionNotifier.ADDRESS)
                .handler(message -> onTheBus.add(message.body()));
        String id = create(Tokens.userA(), "rpt_01HX9K2M3N4P5Q6R7S8T9U0V", true);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(Tokens.userA())
                .get(BASE + "/" + id).then().extract().<Boolean>path("notified"));
        List<WebhookReceiver.Delivery> deliveries = WebhookReceiver.deliveriesMentioning(id);
        assertEquals(1, deliveries.size());
        WebhookReceiver.Delivery delivery = deliveries.get(0);
        assertTrue(delivery.headers().get("webhook-id").startsWith("msg_"));
        assertTrue(signatureValid(delivery), "the receiver verifies the signature");
        JsonPath event = new JsonPath(delivery.body());
        assertEquals("reexport.completed", event.getString("type"));
        assertEquals(id, event.getString("data.reexport_id"));
        assertEquals("completed", event.getString("data.status"));
        assertTrue(event.getString("data.output_file_ref").endsWith(".xlsx"));
        assertEquals(1L, TestDatabase.count("SELECT count(*) FROM outbox_event WHERE reexport_id = ? AND status = 'delivered'", id));
        await().atMost(Duration.ofSeconds(5)).until(() -> onTheBus.stream().anyMatch(e -> id.equals(e.getString("reexport_id"))));
        consumer.unregisterAndAwait();
    }

    @Test
    void withoutNotifyOnCompletionNothingIsSent() {
        String id = create(Tokens.userA(), "rpt_01HX9K2M3N4P5Q6R7S8T9U0V", false);
        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(TestDatabase.job(id).get("status")));
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM outbox_event WHERE reexport_id = ?", id),
                "the finishing transaction queued no event");
        assertEquals(false, TestDatabase.job(id).get("notified"));
    }

    @Test
    void aRefusedDeliveryIsRetriedAndNotifiedStaysFalseUntilA2xx() throws Exception {
        String org = "org_flaky_hook_" + System.nanoTime();
        String reportId = "rpt_HOOK_" + System.nanoTime();
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON)
                .body(ReportApiTest.document(reportId, org, "Budget", "")).put("/api/v1/reports/" + reportId)
                .then().statusCode(201);
        String id = create(Tokens.token("user_h", org, "reexport:read", "reexport:write"), reportId, true);

        await().atMost(Duration.ofSeconds(30)).until(() -> !WebhookReceiver.deliveriesMentioning(id).isEmpty());
        assertEquals(false, TestDatabase.job(id).get("notified"), "a 503 is not a delivery");
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(TestDatabase.job(id).get("notified")));
        List<WebhookReceiver.Delivery> deliveries = WebhookReceiver.deliveriesMentioning(id);
        assertEquals(List.of(503, 503, 200), deliveries.stream().map(WebhookReceiver.Delivery::answered).toList());
        assertEquals(1, deliveries.stream().map(d -> d.headers().get("webhook-id")).distinct().count(),
                "retries keep the message id, so receivers can deduplicate");
        for (WebhookReceiver.Delivery delivery : deliveries) {
            assertTrue(signatureValid(delivery));
        }
    }

    @Test
    void aFailedJobIsAnnouncedToo() {
        String reportId = "rpt_HOOKFAIL_" + System.nanoTime();
        TestDatabase.insertBrokenReport(reportId, Tokens.ORG_A);
        String id = create(Tokens.userA(), reportId, true);
        await().atMost(Duration.ofSeconds(30)).until(() -> !WebhookReceiver.deliveriesMentioning(id).isEmpty());
        JsonPath event = new JsonPath(WebhookReceiver.deliveriesMentioning(id).get(0).body());
        assertEquals("reexport.failed", event.getString("type"));
        assertEquals("invalid_report", event.getString("data.error_code"));
    }
}
