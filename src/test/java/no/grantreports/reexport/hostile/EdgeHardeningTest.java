package no.grantreports.reexport.hostile;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.http.HttpVersion;
import no.grantreports.reexport.testsupport.TestIds;
import no.grantreports.reexport.testsupport.DatabaseSnapshot;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a hostile or careless client does at the edge beyond malformed input: tenancy of
 * Idempotency-Keys, files outside a job's organisation, racing DELETEs, HTTP/2 bodies, slow bodies.
 * {@code EdgeHardeningIT} runs the same against the packaged application.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
public class EdgeHardeningTest {

    static final String JOBS = "/api/v1/report-reexports";
    static final String REPORT_A = "rpt_01HX9K2M3N4P5Q6R7S8T9U0V";
    static final String REPORT_B = "rpt_01HZ4C8D9E0F1G2H3J4K5M6N";
    static final String PROBLEM = "application/problem+json";
    /** As TestEnvironment configures reexport.http.body-read-timeout. */
    static final long BODY_READ_TIMEOUT_MS = 3_000;

    static Response post(String token, String key, String reportId) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"report_id\": \"" + reportId + "\", \"export_params\": {\"format\": \"json\"}}").post(JOBS);
    }

    // ---------------------------------------------------------------- item 6: Idempotency-Key tenancy

    @Test
    void aKeyUsedByAnOperatorForAnotherOrganisationNeverReplaysThatJobToAUser() {
        String key = "tenancy-" + System.nanoTime();
        // An operator whose token names organisation A creates a job for B's report.
        String operatorOfA = Tokens.token("ops_of_a", Tokens.ORG_A, "reexport:operate");
        Response created = post(operatorOfA, key, REPORT_B);
        created.then().statusCode(202);
        String jobOfB = created.path("reexport_id");
        assertEquals(Tokens.ORG_B, TestDatabase.job(jobOfB).get("org_id"));

        // A plain user of A sends the same key and body: the same key scope (A, key), but B's job is not theirs.
        Response replay = post(Tokens.userA(), key, REPORT_B);
        assertEquals(422, replay.statusCode(), replay.asString());
        assertTrue(replay.contentType().startsWith(PROBLEM));
        replay.then().body("detail", containsString("Idempotency-Key"));
        assertFalse(replay.asString().contains(jobOfB), "the problem names the other organisation's job");
        assertFalse(replay.asString().contains(Tokens.ORG_B), "the problem names the other organisation");
        // The operator still gets its job back.
        post(operatorOfA, key, REPORT_B).then().statusCode(202).header("Idempotent-Replayed", "true")
                .body("reexport_id", equalTo(jobOfB));
    }

    @Test
    void usersOfOneOrganisationShareTheirKeys() {
        String key = "shared-" + System.nanoTime();
        Response first = post(Tokens.userA(), key, REPORT_A);
        first.then().statusCode(202);
        Response colleague = post(Tokens.token("user_colleague", Tokens.ORG_A, "reexport:read", "reexport:write"), key, REPORT_A);
        colleague.then().statusCode(202).header("Idempotent-Replayed", "true")
                .body("reexport_id", equalTo(first.<String>path("reexport_id")));
        assertEquals(first.asString(), colleague.asString());
        assertEquals(1L, TestDatabase.count("SELECT count(*) FROM reexport_job WHERE reexport_id = ?", first.<String>path("reexport_id")));
    }

    // ---------------------------------------------------------------- item 7: a job's file

    @Test
    void aCompletedJobWhoseFileIsMissingIsGone() {
        String id = TestIds.next();
        TestDatabase.insertJob(id, REPORT_A, Tokens.ORG_A, "pending", Instant.now());
        TestDatabase.update("UPDATE reexport_job SET status = 'completed', completed_at = now(), output_file_ref = ?, "
                + "output_file_size_bytes = 10 WHERE reexport_id = ?", "reports/" + Tokens.ORG_A + "/reexports/missing-" + id + ".xlsx", id);
        Response response = given().auth().oauth2(Tokens.userA()).get(JOBS + "/" + id + "/file");
        assertEquals(410, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith(PROBLEM), response.contentType());
        response.then().body("status", equalTo(410));
    }

    @Test
    void downloadHeadersDescribeTheStoredFileNotTheRow() throws IOException {
        String id = TestIds.next();
        String ref = "reports/" + Tokens.ORG_A + "/reexports/operator-" + id + ".json";
        Path file = TestEnvironment.storedFile(ref);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "[1,2]");
        TestDatabase.insertJob(id, REPORT_A, Tokens.ORG_A, "pending", Instant.now());
        // The row claims an xlsx of 999999 bytes: an operator's PUT may say anything about the size.
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON)
                .body("{\"status\": \"completed\", \"output_file_ref\": \"" + ref + "\", \"output_file_size_bytes\": 999999}")
                .put(JOBS + "/" + id).then().statusCode(200);
        Response download = given().auth().oauth2(Tokens.readerA()).get(JOBS + "/" + id + "/file");
        download.then().statusCode(200).header("Content-Length", "5").contentType("application/json");
        assertEquals("[1,2]", download.asString());
    }

    @Test
    void anOperatorCannotPointAJobAtAnotherOrganisationsFile() {
        String id = TestIds.next();
        TestDatabase.insertJob(id, REPORT_A, Tokens.ORG_A, "pending", Instant.now());
        Response response = given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON)
                .body("{\"status\": \"completed\", \"output_file_ref\": \"reports/" + Tokens.ORG_B + "/reexports/theirs.xlsx\", "
                        + "\"output_file_size_bytes\": 10}").put(JOBS + "/" + id);
        assertEquals(422, response.statusCode(), response.asString());
        response.then().body("errors[0].field", equalTo("output_file_ref"))
                .body("errors[0].message", containsString("reports/" + Tokens.ORG_A + "/"));
        assertEquals("pending", TestDatabase.job(id).get("status"));
    }

    // ---------------------------------------------------------------- item 10: identical DELETEs at once

    @Test
    void twentyConcurrentIdenticalDeletesAllAnswerTheCancellation() throws Exception {
        for (int round = 0; round < 3; round++) {
            String id = TestIds.next();
            TestDatabase.insertJob(id, REPORT_A, Tokens.ORG_A, "pending", Instant.now());
            ExecutorService pool = Executors.newFixedThreadPool(20);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit((Callable<Response>) () -> {
                    start.await();
                    return given().auth().oauth2(Tokens.userA()).delete(JOBS + "/" + id);
                }));
            }
            start.countDown();
            Set<String> bodies = new HashSet<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                assertEquals(200, response.statusCode(), response.asString());
                bodies.add(response.asString());
            }
            pool.shutdown();
            assertEquals(1, bodies.size(), "the same body every time: " + bodies);
            assertEquals("cancelled", TestDatabase.job(id).get("status"));
        }
    }

    // ---------------------------------------------------------------- item 5: HTTP/2 bodies

    @ParameterizedTest
    @EnumSource(Http2.Mode.class)
    void aSmallJobRequestWorksOverH2c(Http2.Mode mode) {
        Http2.Result result = Http2.exchange(mode, "POST", JOBS, Tokens.userA(),
                ("{\"report_id\": \"" + REPORT_A + "\", \"export_params\": {\"format\": \"json\"}}").getBytes(StandardCharsets.UTF_8));
        assertEquals(HttpVersion.HTTP_2, result.version(), mode + ": not answered over HTTP/2");
        assertEquals(202, result.reply().status(), result.reply().body());
    }

    @ParameterizedTest
    @EnumSource(Http2.Mode.class)
    void a150MegabyteH2cBodyIsRefusedEarlyNotReadInFull(Http2.Mode mode) {
        DatabaseSnapshot.awaitQuiet();
        DatabaseSnapshot before = DatabaseSnapshot.take();
        long size = 150L << 20;
        Http2.Result result = Http2.exchange(mode, "POST", JOBS, Tokens.userA(), size, null);
        System.out.printf("h2c %s: 150 MB body refused with %s after %d bytes sent, %d ms%n", mode,
                result.reply() == null ? "the connection closed" : result.reply().status(), result.sent(), result.millis());
        // The refusal came after the limit (64 KiB) and the flow-control windows, not after 150 MB.
        assertTrue(result.sent() < (8L << 20), mode + ": the client got to send " + result.sent() + " bytes first");
        if (mode == Http2.Mode.PRIOR_KNOWLEDGE || result.reply() != null) {
            assertEquals(HttpVersion.HTTP_2, result.version(), mode + ": not answered over HTTP/2");
            assertEquals(413, result.reply().status(), result.reply().body());
            assertTrue(result.reply().contentType().startsWith(PROBLEM), result.reply().contentType());
        }
        // else an Upgrade: its body goes on arriving as HTTP/1.1 whatever becomes of the stream, so the
        // service answers 413 and closes the connection. Vert.x's client reads no answer while it is still
        // sending the upgrade request, so all it sees is the connection closed, early.
        assertEquals(before, DatabaseSnapshot.take());
    }

    /**
     * A client that sends all of a body twice the job limit (4 KiB writes 20 ms apart) and only then reads,
     * as simple clients do. The service answers 413 once the limit is passed and reads the rest of the body
     * (up to a bound) before it closes, so none of this client's writes fails and it reads the problem.
     * When the service closed at once, the next write met a reset connection and the answer was lost.
     */
    @ParameterizedTest
    // Not an h2c Upgrade: an Upgrade's body cannot be paused and lingering on it let a
    // 150 MB client send far past the bound, so an Upgrade refusal still closes the connection at once.
    @ValueSource(strings = {"HTTP/1.1 chunked", "HTTP/1.1 with its length"})
    void aClientStillWritingPastTheLimitReadsThe413(String transport) throws Exception {
        DatabaseSnapshot.awaitQuiet();
        DatabaseSnapshot before = DatabaseSnapshot.take();
        byte[] body = HostileInputTest.bigJson(2 * HostileInputTest.JOB_BODY_LIMIT);
        Map<String, String> headers = Map.of("Authorization", "Bearer " + Tokens.userA(), "Content-Type", "application/json");
        HostileInputTest.Reply reply;
        try {
            reply = switch (transport) {
                case "HTTP/1.1 chunked" -> RawHttp.sendSlowly("POST", JOBS, headers, true, body, 4096, 20);
                case "HTTP/1.1 with its length" -> RawHttp.sendSlowly("POST", JOBS, headers, false, body, 4096, 20);
                default -> throw new IllegalArgumentException(transport);
            };
        } catch (IOException lost) {
            throw new AssertionError(transport + ": the client lost the answer: " + lost, lost);
        }
        assertEquals(413, reply.status(), reply.body());
        assertTrue(reply.contentType().startsWith(PROBLEM), reply.contentType());
        assertEquals(413, JsonPath.from(reply.body()).getInt("status"), reply.body());
        if (transport.startsWith("HTTP/1.1")) {
            assertEquals("close", reply.headers().get("connection"), transport);
        }
        assertEquals(before, DatabaseSnapshot.take());
    }

    // ---------------------------------------------------------------- item 9: slow bodies

    @Test
    void aBodyTricklingInIsCutOffAtTheBodyReadTimeout() throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + JOBS + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + Tokens.userA()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            boolean closed = false;
            // One byte every 500 ms until just before the timeout, then silence (bytes arriving after the
            // service closed would make its kernel reset the connection and drop the 408 unread); at most 30 s.
            for (int i = 0; i < 60 && !closed; i++) {
                if ((System.nanoTime() - start) / 1_000_000 < BODY_READ_TIMEOUT_MS - 700) {
                    try {
                        out.write(' ');
                        out.flush();
                    } catch (IOException closedByServer) {
                        closed = true;
                        break;
                    }
                }
                try {
                    for (int b = in.read(); ; b = in.read()) {
                        if (b < 0) {
                            closed = true;
                            break;
                        }
                        answer.write(b);
                    }
                } catch (SocketTimeoutException stillOpen) {
                    // nothing more yet
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("slow body: connection closed after %d ms%n", millis);
            assertTrue(closed, "the connection is still open after 30 s");
            assertTrue(millis < BODY_READ_TIMEOUT_MS + 3_000, "closed only after " + millis + " ms");
            String text = answer.toString(StandardCharsets.UTF_8);
            assertTrue(text.startsWith("HTTP/1.1 408"), text);
            assertTrue(text.contains(PROBLEM), text);
        }
    }
}
