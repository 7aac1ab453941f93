package no.grantreports.reexport.config;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tracing stays off until an operator names an OTLP endpoint. Resolves the service's own
 * application.properties with the same config library and converters the application uses, with
 * the environment (ordinal 300) or -D properties (400) an operator would set.
 */
class TracingOffByDefaultTest {

    @Test
    void withoutAnEndpointTheSdkIsDisabled() throws IOException {
        assertTrue(sdkDisabled(Map.of(), Map.of()));
    }

    @Test
    void anEndpointFromTheEnvironmentSwitchesTracingOn() throws IOException {
        assertFalse(sdkDisabled(Map.of("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"), Map.of()));
        assertFalse(sdkDisabled(Map.of("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/v1/traces"), Map.of()));
    }

    @Test
    void anEndpointFromASystemPropertySwitchesTracingOn() throws IOException {
        assertFalse(sdkDisabled(Map.of(), Map.of("quarkus.otel.exporter.otlp.endpoint", "https://collector.example:4317")));
    }

    @Test
    void anExplicitSwitchWinsOverTheEndpoint() throws IOException {
        assertTrue(sdkDisabled(Map.of("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317",
                "QUARKUS_OTEL_SDK_DISABLED", "true"), Map.of()));
        assertFalse(sdkDisabled(Map.of("QUARKUS_OTEL_SDK_DISABLED", "false"), Map.of()));
    }

    private static boolean sdkDisabled(Map<String, String> env, Map<String, String> systemProperties) throws IOException {
        URL applicationProperties = Objects.requireNonNull(
                TracingOffByDefaultTest.class.getResource("/application.properties"), "application.properties on the class path");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withProfile("prod")
                .withSources(new PropertiesConfigSource(applicationProperties, 250))
                .withSources(new EnvConfigSource(env, 300))
                .withSources(new PropertiesConfigSource(systemProperties, "system properties", 400))
                .build();
        return config.getValue("quarkus.otel.sdk.disabled", Boolean.class);
    }
}
