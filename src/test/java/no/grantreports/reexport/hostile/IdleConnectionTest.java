package no.grantreports.reexport.hostile;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import no.grantreports.reexport.testsupport.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 9: a connection with no traffic either way is closed after {@code quarkus.http.idle-timeout}
 * (QUARKUS_HTTP_IDLE_TIMEOUT, 60 s in production; Quarkus' own default of 30 minutes let a few hundred idle
 * clients hold the service). Here the timeout is 2 s. A body trickling in is cut off by the body-read
 * timeout instead: {@code EdgeHardeningTest#aBodyTricklingInIsCutOffAtTheBodyReadTimeout}.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
@TestProfile(IdleConnectionTest.ShortIdleTimeout.class)
public class IdleConnectionTest {

    static final long IDLE_TIMEOUT_MS = 2_000;

    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", IDLE_TIMEOUT_MS + "ms");
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            long millis = millisUntilClosed(socket, System.nanoTime());
            System.out.printf("idle connection closed after %d ms%n", millis);
            assertTrue(millis >= IDLE_TIMEOUT_MS - 500, "closed after " + millis + " ms, before the idle timeout");
            assertTrue(millis < IDLE_TIMEOUT_MS + 3_000, "closed only after " + millis + " ms");
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedOnceItHasBeenIdleForTheTimeout() throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // Two requests on one connection, a second apart: traffic resets the idle clock.
            for (int i = 0; i < 2; i++) {
                out.write("GET /q/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                socket.setSoTimeout(10_000);
                assertEquals(200, RawHttp.read(in).status());
                if (i == 0) {
                    sleep(IDLE_TIMEOUT_MS / 2);
                }
            }
            long millis = millisUntilClosed(socket, System.nanoTime());
            System.out.printf("kept-alive connection closed %d ms after its last answer%n", millis);
            assertTrue(millis >= IDLE_TIMEOUT_MS - 500, "closed after " + millis + " ms, before the idle timeout");
            assertTrue(millis < IDLE_TIMEOUT_MS + 3_000, "closed only after " + millis + " ms");
        }
    }

    /** Reads until the server closes (end of stream or reset), at most 30 s; the time from {@code start}. */
    private static long millisUntilClosed(Socket socket, long start) throws IOException {
        socket.setSoTimeout(30_000);
        try {
            int read = socket.getInputStream().read();
            assertEquals(-1, read, "the server sent something on an idle connection");
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("the idle connection is still open after 30 s", stillOpen);
        } catch (IOException reset) {
            // closed by the server as well
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
