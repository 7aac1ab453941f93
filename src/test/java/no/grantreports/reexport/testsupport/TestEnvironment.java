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
        config.put("reexport.sweep.interval", "1s");
        // Long enough that jobs a test puts in the table directly stay pending while it works with them.
        config.put("reexport.sweep.pending-age", "60s");
        config.put("reexport.retention.interval", "1s");
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
