package no.grantreports.reexport.storage;

import no.grantreports.reexport.testsupport.S3ProxyResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 12 item 12: S3 failures come out as causes an operator can act on, never as raw SDK exceptions. */
public class S3FileStoreTest {

    static S3ProxyResource s3;

    @BeforeAll
    static void startS3() {
        s3 = new S3ProxyResource();
        s3.start();
    }

    @AfterAll
    static void stopS3() {
        s3.stop();
    }

    static S3FileStore store(String bucket, String secret, int port) {
        S3Client client = S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.EU_NORTH_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyResource.ACCESS_KEY, secret)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).chunkedEncodingEnabled(false).build())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        return new S3FileStore(client, bucket, "");
    }

    /** A store against the running S3Proxy with a wrong secret key. */
    public static S3FileStore wrongCredentials() {
        return store(S3ProxyResource.BUCKET, "not-the-secret", S3ProxyResource.port());
    }

    static S3FileStore healthy() {
        return store(S3ProxyResource.BUCKET, S3ProxyResource.SECRET_KEY, S3ProxyResource.port());
    }

    @Test
    void writesReadsAndAMissingObjectIsGone() throws IOException {
        S3FileStore store = healthy();
        store.checkWritable();
        assertEquals(3, store.write("reports/org/s3-a.json", out -> out.write("abc".getBytes(StandardCharsets.UTF_8))));
        FileStore.StoredFile file = store.open("reports/org/s3-a.json");
        assertEquals(3, file.size());
        try (var in = file.content()) {
            assertEquals("abc", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(store.delete("reports/org/s3-a.json"));
        assertFalse(store.exists("reports/org/s3-a.json"));
        assertThrows(StoredFileGoneException.class, () -> store.open("reports/org/s3-a.json"));
    }

    @Test
    void wrongCredentialsAreA403WithTheCauseFromEveryCall() {
        S3FileStore store = store(S3ProxyResource.BUCKET, "not-the-secret", S3ProxyResource.port());
        StorageUnavailableException health = assertThrows(StorageUnavailableException.class, store::checkWritable);
        assertTrue(health.getMessage().contains("403 Forbidden"), health.getMessage());
        // exists() is the first call of every write: its 403 escaped as a raw S3Exception
        StorageUnavailableException exists = assertThrows(StorageUnavailableException.class, () -> store.exists("reports/org/x.json"));
        assertTrue(exists.getMessage().contains("403 Forbidden"), exists.getMessage());
        StorageUnavailableException write = assertThrows(StorageUnavailableException.class,
                () -> store.write("reports/org/x.json", out -> out.write(1)));
        assertTrue(write.getMessage().contains("check the credentials"), write.getMessage());
        assertThrows(StorageUnavailableException.class, () -> store.open("reports/org/x.json"));
    }

    @Test
    void aMissingBucketIsNamed() {
        S3FileStore store = store("no-such-bucket", S3ProxyResource.SECRET_KEY, S3ProxyResource.port());
        StorageUnavailableException health = assertThrows(StorageUnavailableException.class, store::checkWritable);
        assertTrue(health.getMessage().contains("no-such-bucket does not exist"), health.getMessage());
        StorageUnavailableException write = assertThrows(StorageUnavailableException.class,
                () -> store.write("reports/org/x.json", out -> out.write(1)));
        assertTrue(write.getMessage().contains("does not exist"), write.getMessage());
    }

    @Test
    void anUnreachableEndpointIsSaidSo() throws IOException {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        S3FileStore store = store(S3ProxyResource.BUCKET, S3ProxyResource.SECRET_KEY, deadPort);
        StorageUnavailableException health = assertThrows(StorageUnavailableException.class, store::checkWritable);
        assertTrue(health.getMessage().startsWith("S3 is unreachable"), health.getMessage());
        assertThrows(StorageUnavailableException.class, () -> store.open("reports/org/x.json"));
    }

    /** Issue 12 item 3 for S3: uploads are staged in java.io.tmpdir; a crashed instance's leftovers are swept. */
    @Test
    void sweepsStaleStagingFilesButNotLiveOnes() throws IOException {
        S3FileStore store = healthy();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path orphan = Files.createTempFile(tmp, "reexport-orphan_reexport.xlsx-", ".part");
        Path live = Files.createTempFile(tmp, "reexport-live_reexport_a2.xlsx-", ".part");
        Path fresh = Files.createTempFile(tmp, "reexport-fresh_reexport.xlsx-", ".part");
        try {
            for (Path old : new Path[] {orphan, live}) {
                Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
            }
            store.sweepTemporaryFiles(Duration.ofMinutes(1), Set.of("reports/org/reexports/live_reexport_a2.xlsx"));
            assertFalse(Files.exists(orphan));
            assertTrue(Files.exists(live));
            assertTrue(Files.exists(fresh));
        } finally {
            Files.deleteIfExists(live);
            Files.deleteIfExists(fresh);
            Files.deleteIfExists(orphan);
        }
    }
}
