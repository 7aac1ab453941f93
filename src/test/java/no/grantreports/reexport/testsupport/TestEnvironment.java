package no.grantreports.reexport.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import no.grantreports.reexport.config.devdb.EmbeddedPostgresLauncher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What every test run needs, for the in-JVM app and the packaged app alike: a private PostgreSQL
 * (unless QUARKUS_DATASOURCE_REACTIVE_URL points at one), a storage folder, the test key for
 * tokens, demo data, and a quick sweep.
 */
public class TestEnvironment implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://reexport.test";
    static final String JDBC_URL_PROPERTY = "test.jdbc.url";
    static final String STORAGE_ROOT_PROPERTY = "test.storage.root";
    /** Set while files live elsewhere (S3Proxy's folder for the bucket). */
    static final String STORED_FILES_PROPERTY = "test.stored.files";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        String externalReactiveUrl = System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL");
        if (externalReactiveUrl == null) {
            config.putAll(EmbeddedPostgresLauncher.start(null));
            System.setProperty(JDBC_URL_PROPERTY, config.get("quarkus.datasource.jdbc.url"));
        } else {
            System.setProperty(JDBC_URL_PROPERTY, System.getenv("QUARKUS_DATASOURCE_JDBC_URL"));
        }
        Path storage = storageRoot();
        config.put("reexport.storage.root", storage.toString());
        config.put("reexport.demo-data.enabled", "true");
        config.put("reexport.worker.poll-interval", "1s");
        config.put("reexport.worker.rescue-interval", "1s");
        config.put("reexport.worker.retry-backoff", "200ms");
        config.put("reexport.retention.interval", "1s");
        config.put("reexport.storage.temp-sweep-interval", "2s");
        // Ten years, so jobs completed at the contract's example dates are not expired under a test's feet.
        config.put("reexport.retention.age", "3650d");
        config.put("reexport.webhook.url", webhookUrl());
        config.put("reexport.webhook.secret", WebhookReceiver.SECRET);
        config.put("reexport.webhook.poll-interval", "500ms");
        config.put("reexport.webhook.retry-backoff", "200ms");
        // Short, so a test of a slow body ends soon (EdgeHardeningTest).
        config.put("reexport.http.body-read-timeout", "3s");
        config.put("mp.jwt.verify.publickey.location", Path.of("src/test/resources/jwt/test-public.pem").toAbsolutePath().toString());
        config.put("mp.jwt.verify.issuer", ISSUER);
        return config;
    }

    @Override
    public void stop() {
        // The PostgreSQL server stops with the JVM (shutdown hook); nothing else to clean.
    }

    private static synchronized Path storageRoot() {
        String existing = System.getProperty(STORAGE_ROOT_PROPERTY);
        if (existing != null) {
            return Path.of(existing);
        }
        try {
            Path root = Files.createTempDirectory("reexport-files-");
            System.setProperty(STORAGE_ROOT_PROPERTY, root.toString());
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized String webhookUrl() {
        String url = System.getProperty("test.webhook.url");
        if (url == null) {
            url = WebhookReceiver.start();
            System.setProperty("test.webhook.url", url);
        }
        return url;
    }

    public static Path storageRootPath() {
        return Path.of(System.getProperty(STORAGE_ROOT_PROPERTY));
    }

    /** Where the stored file of a ref can be read directly, whichever storage the app uses. */
    public static Path storedFile(String ref) {
        String elsewhere = System.getProperty(STORED_FILES_PROPERTY);
        return (elsewhere != null ? Path.of(elsewhere) : storageRootPath()).resolve(ref);
    }

    public static String jdbcUrl() {
        return System.getProperty(JDBC_URL_PROPERTY);
    }
}
