package no.grantreports.reexport.job.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.matchesPattern;

/**
 * Clients that hang up while their write is in flight (a load generator stopping, a browser tab
 * closed, a proxy timing out). Found by bench/run-all.sh: the cancelled transactions logged
 * "possible non-threadsafe access to session" and HR000090, and could keep a pooled connection.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class ClientDisconnectTest {

    private static final String BODY = "{\"report_id\": \"rpt_01HX9K2M3N4P5Q6R7S8T9U0V\", \"export_params\": {\"format\": \"csv\"}}";

    @Test
    void abortedPostsLeaveNoErrorsAndNoBusyConnections() throws Exception {
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        try {
            String token = Tokens.userA();
            byte[] request = ("POST /api/v1/report-reexports HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + BODY.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + BODY)
                    .getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 40; i++) {
                try (Socket socket = new Socket("localhost", RestAssured.port)) {
                    OutputStream out = socket.getOutputStream();
                    out.write(request);
                    out.flush();
                    if (i % 2 == 1) {
                        Thread.sleep(2); // hang up a little later: the insert is in flight
                    }
                } // closed without reading the answer
            }

            // every connection goes back to the pool once the aborted writes (and their exports) are done
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                    .body(matchesPattern("(?s).*sql_pool_active\\{[^}]*pool_type=\"sql\"[^}]*} 0\\.0\\n.*")));
            // and the service answers as before
            String id = given().auth().oauth2(token).contentType(ContentType.JSON).body(BODY)
                    .post("/api/v1/report-reexports").then().statusCode(202).extract().path("reexport_id");
            given().auth().oauth2(token).get("/api/v1/report-reexports/" + id).then().statusCode(200);
            assertTrue(errors.isEmpty(), () -> "errors logged: " + errors.stream().map(LogRecord::getMessage).toList());
        } finally {
            root.removeHandler(handler);
        }
    }
}
