package no.grantreports.reexport.observability;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import no.grantreports.reexport.testsupport.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

/**
 * With tracing switched on, a job's steps are spans under one job span carrying its ids; and
 * nothing the service logs, even at DEBUG, contains the caller's token or the webhook secret.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
@TestProfile(TracingAndLogsTest.TracingOn.class)
class TracingAndLogsTest {

    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.bsp.schedule.delay", "100ms",
                    "quarkus.log.category.\"no.grantreports\".level", "DEBUG");
        }
    }

    private static final AttributeKey<String> REEXPORT_ID = AttributeKey.stringKey("reexport.id");

    @Inject
    InMemorySpanExporter spans;

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage() + " " + Arrays.toString(record.getParameters()) + " " + record.getThrown());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void jobStepsAreSpansOfOneJobSpanAndSecretsStayOutOfTheLogs() {
        String token = Tokens.userA();
        String id = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"report_id\": \"rpt_01HX9K2M3N4P5Q6R7S8T9U0V\", \"export_params\": {\"format\": \"json\"}}")
                .post("/api/v1/report-reexports").then().statusCode(202).extract().path("reexport_id");
        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(TestDatabase.job(id).get("status")));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<SpanData> finished = spans.getFinishedSpanItems();
            SpanData job = finished.stream()
                    .filter(s -> s.getName().equals("reexport.job") && id.equals(s.getAttributes().get(REEXPORT_ID)))
                    .findFirst().orElseThrow(() -> new AssertionError("no reexport.job span for " + id));
            assertThat(job.getAttributes().get(AttributeKey.stringKey("report.id")), is("rpt_01HX9K2M3N4P5Q6R7S8T9U0V"));
            assertThat(job.getAttributes().get(AttributeKey.stringKey("org.id")), not(emptyOrNullString()));
            List<String> children = finished.stream()
                    .filter(s -> s.getTraceId().equals(job.getTraceId()) && !s.getSpanId().equals(job.getSpanId()))
                    .map(SpanData::getName).collect(Collectors.toList());
            assertThat(children, hasItems("reexport.store", "reexport.render", "reexport.finish", "reexport.notify"));
            assertTrue(finished.stream().anyMatch(s -> s.getName().equals("reexport.claim")), "a claim span");
            // The request itself is traced by the HTTP instrumentation.
            assertTrue(finished.stream().anyMatch(s -> s.getName().contains("/api/v1/report-reexports")), "the request's span");
        });

        assertFalse(logged.isEmpty(), "the flow logged something");
        String secretKey = WebhookReceiver.SECRET.replaceFirst("^whsec_", "");
        for (String line : logged) {
            assertFalse(line.contains(token) || line.contains(secretKey), "a secret in the log: " + line);
        }
    }
}
