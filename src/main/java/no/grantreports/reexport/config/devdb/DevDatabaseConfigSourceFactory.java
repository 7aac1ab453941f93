package no.grantreports.reexport.config.devdb;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * In dev mode only, and only when no datasource URL is configured: starts the embedded
 * PostgreSQL with its data under {@code reexport.dev-database.data-dir} (default
 * {@code .dev-data/postgres}) and points the datasource at it.
 */
public class DevDatabaseConfigSourceFactory implements ConfigSourceFactory {

    static final String DATA_DIR = "reexport.dev-database.data-dir";
    static final String ENABLED = "reexport.dev-database.enabled";
    private static final String LAUNCHER = "no.grantreports.reexport.config.devdb.EmbeddedPostgresLauncher";
    private static final int ORDINAL = 200; // below application.properties (250), env (300) and -D (400)

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("dev")
                || isSet(context.getValue("quarkus.datasource.reactive.url"))
                || "false".equalsIgnoreCase(valueOf(context.getValue(ENABLED)))) {
            return List.of();
        }
        String dataDir = valueOf(context.getValue(DATA_DIR));
        Path path = Path.of(dataDir == null ? ".dev-data/postgres" : dataDir);
        return List.of(new PropertiesConfigSource(startEmbedded(path), "embedded-postgres", ORDINAL));
    }

    /**
     * Looked up by name, not linked: the native build leaves the launcher (and with it the embedded
     * PostgreSQL) out of the image, and this factory must still load there.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> startEmbedded(Path dataDir) {
        try {
            return (Map<String, String>) Class.forName(LAUNCHER).getMethod("start", Path.class).invoke(null, dataDir);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The embedded PostgreSQL for dev mode is not available in this build", e);
        }
    }

    private static boolean isSet(ConfigValue value) {
        return valueOf(value) != null;
    }

    private static String valueOf(ConfigValue value) {
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }
}
