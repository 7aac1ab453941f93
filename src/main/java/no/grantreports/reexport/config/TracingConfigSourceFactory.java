package no.grantreports.reexport.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;

/**
 * Tracing is off unless an operator configures an OTLP endpoint
 * ({@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT} or {@code ..._TRACES_ENDPOINT}): the extension's own
 * default endpoint (localhost) would otherwise make every pod export to nowhere. An explicit
 * {@code QUARKUS_OTEL_SDK_DISABLED} still wins, since this source sits below every real one.
 */
public class TracingConfigSourceFactory implements ConfigSourceFactory {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final List<String> ENDPOINTS = List.of(
            "quarkus.otel.exporter.otlp.endpoint", "quarkus.otel.exporter.otlp.traces.endpoint");
    private static final int ORDINAL = 50; // below application.properties (250), env (300) and -D (400)
    /** Values from built-in defaults (Integer.MIN_VALUE) are not an operator's choice. */
    private static final int LOWEST_CONFIGURED_ORDINAL = 100;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean endpointConfigured = ENDPOINTS.stream().map(context::getValue).anyMatch(TracingConfigSourceFactory::configured);
        if (endpointConfigured) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of(SDK_DISABLED, "true"), "tracing-off-without-endpoint", ORDINAL));
    }

    private static boolean configured(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() >= LOWEST_CONFIGURED_ORDINAL;
    }
}
