package no.grantreports.reexport.observability;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Tracing is off by configuration alone (application.properties), also when the packaged app runs
 * with an OTLP endpoint but no switch, and an operator turns it on with one environment variable.
 * The extension's built-in default endpoint (localhost:4317) must never turn it on.
 */
class TracingDefaultsTest {

    private static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";

    @Test
    void theSdkIsDisabledByDefaultInEveryProfile() throws IOException {
        for (String profile : new String[] {"prod", "prod,serverless", "test"}) {
            assertEquals(Boolean.TRUE, config(profile, Map.of()).getValue(SDK_DISABLED, Boolean.class), profile);
        }
    }

    @Test
    void anEndpointAloneDoesNotSwitchTracingOn() throws IOException {
        SmallRyeConfig config = config("prod", Map.of("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"));
        assertEquals(Boolean.TRUE, config.getValue(SDK_DISABLED, Boolean.class));
    }

    @Test
    void theDocumentedEnvironmentVariableSwitchesTracingOn() throws IOException {
        SmallRyeConfig config = config("prod", Map.of("QUARKUS_OTEL_SDK_DISABLED", "false",
                "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"));
        assertEquals(Boolean.FALSE, config.getValue(SDK_DISABLED, Boolean.class));
    }

    /** application.properties (ordinal 250) under the environment (300), as Quarkus layers them. */
    private static SmallRyeConfig config(String profiles, Map<String, String> env) throws IOException {
        URL properties = TracingDefaultsTest.class.getClassLoader().getResource("application.properties");
        assertNotNull(properties);
        return new SmallRyeConfigBuilder()
                .withProfiles(java.util.List.of(profiles.split(",")))
                .withSources(new PropertiesConfigSource(properties, 250))
                .withSources(new EnvConfigSource(env, 300))
                .build();
    }
}
