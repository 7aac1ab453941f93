package no.grantreports.reexport.notification;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.eventbus.EventBus;
import io.vertx.mutiny.core.eventbus.MessageConsumer;
import jakarta.inject.Inject;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A finished job with notify_on_completion is announced on the event bus, and only then marked notified. */
@QuarkusTest
class CompletionEventTest {

    @Inject
    EventBus bus;

    private final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private MessageConsumer<JsonObject> consumer;

    @BeforeEach
    void listen() {
        consumer = bus.<JsonObject>consumer(CompletionNotifier.ADDRESS).handler(message -> events.add(message.body()));
    }

    @AfterEach
    void stop() {
        consumer.unregisterAndAwait();
    }

    private String create(boolean notify) {
        return given().auth().oauth2(Tokens.userA()).contentType(ContentType.JSON)
                .body("{\"report_id\": \"rpt_01HX9K2M3N4P5Q6R7S8T9U0V\", \"notify_on_completion\": " + notify + "}")
                .post("/api/v1/report-reexports").then().statusCode(202).extract().path("reexport_id");
    }

    @Test
    void publishesTheCompletionAndSetsNotified() {
        String id = create(true);
        await().atMost(Duration.ofSeconds(30)).until(() -> events.stream().anyMatch(e -> id.equals(e.getString("reexport_id"))));
        JsonObject event = events.stream().filter(e -> id.equals(e.getString("reexport_id"))).findFirst().orElseThrow();
        assertEquals("completed", event.getString("status"));
        assertEquals("org_bufdir_oslo_42", event.getString("org_id"));
        assertTrue(event.getString("output_file_ref").endsWith(".xlsx"));
        await().atMost(Duration.ofSeconds(10)).until(() -> given().auth().oauth2(Tokens.userA())
                .get("/api/v1/report-reexports/" + id).then().extract().<Boolean>path("notified"));
    }

    @Test
    void staysQuietWithoutNotifyOnCompletion() {
        String id = create(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(given().auth().oauth2(Tokens.userA())
                .get("/api/v1/report-reexports/" + id).then().extract().path("status")));
        assertEquals(false, given().auth().oauth2(Tokens.userA()).get("/api/v1/report-reexports/" + id)
                .then().extract().path("notified"));
        assertTrue(events.stream().noneMatch(e -> id.equals(e.getString("reexport_id"))));
    }
}
