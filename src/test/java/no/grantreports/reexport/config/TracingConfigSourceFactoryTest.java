package no.grantreports.reexport.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tracing stays off until an operator names an OTLP endpoint; the extension's default endpoint does not count. */
class TracingConfigSourceFactoryTest {

    @Test
    void withoutAnEndpointTheSdkIsDisabled() {
        List<ConfigSource> sources = sourcesFor(Map.of());
        assertEquals(1, sources.size());
        assertEquals("true", sources.get(0).getValue("quarkus.otel.sdk.disabled"));
    }

    @Test
    void theExtensionsBuiltInDefaultEndpointDoesNotSwitchTracingOn() {
        List<ConfigSource> sources = sourcesFor(Map.of("quarkus.otel.exporter.otlp.endpoint",
                value("quarkus.otel.exporter.otlp.endpoint", "http://localhost:4317/", Integer.MIN_VALUE)));
        assertEquals("true", sources.get(0).getValue("quarkus.otel.sdk.disabled"));
    }

    @Test
    void anEndpointFromTheEnvironmentLeavesTheSdkOn() {
        assertTrue(sourcesFor(Map.of("quarkus.otel.exporter.otlp.endpoint",
                value("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317", 300))).isEmpty());
        assertTrue(sourcesFor(Map.of("quarkus.otel.exporter.otlp.traces.endpoint",
                value("quarkus.otel.exporter.otlp.traces.endpoint", "http://collector:4318/v1/traces", 250))).isEmpty());
    }

    private static ConfigValue value(String name, String value, int ordinal) {
        return ConfigValue.builder().withName(name).withValue(value).withConfigSourceOrdinal(ordinal).build();
    }

    private static List<ConfigSource> sourcesFor(Map<String, ConfigValue> values) {
        ConfigSourceContext context = new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                return values.get(name);
            }

            @Override
            public List<String> getProfiles() {
                return List.of("prod");
            }

            @Override
            public Iterator<String> iterateNames() {
                return values.keySet().iterator();
            }
        };
        List<ConfigSource> sources = new ArrayList<>();
        new TracingConfigSourceFactory().getConfigSources(context).forEach(sources::add);
        return sources;
    }
}
