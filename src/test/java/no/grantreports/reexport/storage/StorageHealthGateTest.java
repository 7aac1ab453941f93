package no.grantreports.reexport.storage;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import no.grantreports.reexport.testsupport.MountedStorageEnvironment;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 12 item 8: readiness follows the storage's health (writable, at least
 * reexport.storage.min-free free), and while the storage is unhealthy this instance claims no job:
 * jobs stay pending with their attempts untouched, and complete once the storage recovers.
 * The storage folder is a 16 MiB tmpfs (min-free 8M) made read-only or filled by the tests.
 */
@QuarkusTest
@QuarkusTestResource(value = MountedStorageEnvironment.class, restrictToAnnotatedClass = true)
class StorageHealthGateTest {

    static final String BASE = "/api/v1/report-reexports";
    static final String STORAGE = "checks.find { it.name == 'storage' }";

    @BeforeEach
    void storageIsHealthy() {
        assumeTrue(MountedStorageEnvironment.mounted(), "needs a tmpfs mount (root with CAP_SYS_ADMIN); skipped here");
        await().atMost(Duration.ofSeconds(20)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void aReadOnlyStorageIsNotReadyAndNoJobIsClaimedUntilItIsWritableAgain() {
        MountedStorageEnvironment.remount("ro");
        String id;
        try {
            given().get("/q/health/ready").then().statusCode(503)
                    .body("status", equalTo("DOWN"))
                    .body(STORAGE + ".status", equalTo("DOWN"))
                    .body(STORAGE + ".data.reason", containsString("not writable"))
                    .body(STORAGE + ".data.reason", containsString("Read-only file system"));
            id = post();
            assertStaysPendingUnclaimed(id);
        } finally {
            MountedStorageEnvironment.remount("rw");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        awaitCompletedAtFirstAttempt(id);
    }

    @Test
    void aStorageWithLessThanTheMinimumFreeIsNotReadyAndNoJobIsClaimedUntilSpaceIsFreed() throws IOException {
        Path ballast = MountedStorageEnvironment.root().resolve("ballast.bin");
        fill(ballast, 10 * 1024 * 1024); // 16 MiB disk, min-free 8 MiB: about 6 MiB left
        String id;
        try {
            given().get("/q/health/ready").then().statusCode(503)
                    .body(STORAGE + ".status", equalTo("DOWN"))
                    .body(STORAGE + ".data.reason", containsString("below the minimum of 8.0 MiB (reexport.storage.min-free)"))
                    .body(STORAGE + ".data.min_free_bytes", equalTo(8 * 1024 * 1024));
            id = post();
            assertStaysPendingUnclaimed(id);
        } finally {
            Files.deleteIfExists(ballast);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then().body(STORAGE + ".status", equalTo("UP"));
        awaitCompletedAtFirstAttempt(id);
    }

    static String post() {
        return given().auth().oauth2(Tokens.userA()).contentType(ContentType.JSON)
                .body("{\"report_id\": \"rpt_01HX9K2M3N4P5Q6R7S8T9U0V\", \"export_params\": {\"format\": \"json\"}}")
                .post(BASE).then().statusCode(202).extract().path("reexport_id");
    }

    /** Several claim gates (0.5 s) and polls (0.5 s) pass; before the gate the job failed within about a second. */
    static void assertStaysPendingUnclaimed(String id) {
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                "pending".equals(TestDatabase.job(id).get("status")) && ((Number) TestDatabase.job(id).get("attempt")).intValue() == 0);
    }

    static void awaitCompletedAtFirstAttempt(String id) {
        await().atMost(Duration.ofSeconds(20)).until(() -> "completed".equals(TestDatabase.job(id).get("status")));
        assertEquals(1, ((Number) TestDatabase.job(id).get("attempt")).intValue(), "no attempt was burnt while the storage was down");
    }

    static void fill(Path file, int bytes) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < bytes; written += chunk.length) {
                out.write(chunk);
            }
        }
    }
}
