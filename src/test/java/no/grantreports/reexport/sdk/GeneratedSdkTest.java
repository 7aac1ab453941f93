package no.grantreports.reexport.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import no.grantreports.reexport.sdk.client.api.ReexportsApi;
import no.grantreports.reexport.sdk.client.api.ReportsApi;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated SDK names its classes after our tags and its methods after our operationIds. */
class GeneratedSdkTest {

    static final Pattern GENERATED_NAME = Pattern.compile("^api(V1)?.*(Get|Post|Put|Delete)$", Pattern.CASE_INSENSITIVE);
    /** Helpers that the native library puts on every Api class. */
    static final Set<String> SUPPORT_METHODS = Set.of("downloadFileFromResponse");

    static Set<String> operationMethods(Class<?> api) {
        return Arrays.stream(api.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()))
                .map(Method::getName)
                .filter(name -> !SUPPORT_METHODS.contains(name))
                .map(name -> name.replaceFirst("WithHttpInfo$", ""))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyOperationIsAMethodNamedByItsOperationIdInTheClassOfItsTag() throws Exception {
        JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(OpenApiSnapshotTest.SNAPSHOT));
        Map<String, Set<String>> operationIdsByTag = new TreeMap<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            JsonNode operationId = op.getValue().get("operationId");
            assertTrue(operationId != null && operationId.isTextual(), op.getKey() + " " + path.getKey() + " has no operationId");
            assertEquals(1, op.getValue().get("tags").size(), op.getKey() + " " + path.getKey() + ": one tag, one Api class");
            operationIdsByTag.computeIfAbsent(op.getValue().get("tags").get(0).asText(), t -> new TreeSet<>())
                    .add(operationId.asText());
        }));

        assertEquals(Set.of("Reexports", "Reports"), operationIdsByTag.keySet());
        assertEquals(operationIdsByTag.get("Reexports"), operationMethods(ReexportsApi.class));
        assertEquals(operationIdsByTag.get("Reports"), operationMethods(ReportsApi.class));
        assertEquals(Set.of("cancelReexport", "createReexport", "downloadReexportFile", "getReexport", "listReexports",
                "updateReexport"), operationMethods(ReexportsApi.class));
        for (Class<?> api : new Class<?>[]{ReexportsApi.class, ReportsApi.class}) {
            assertFalse(operationMethods(api).stream().anyMatch(name -> GENERATED_NAME.matcher(name).matches()),
                    api.getSimpleName() + ": " + operationMethods(api));
        }
    }

    @Test
    void theDocumentHasTheCanonicalPathsOnly() throws Exception {
        JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(OpenApiSnapshotTest.SNAPSHOT)).get("paths");
        Set<String> names = new TreeSet<>();
        paths.fieldNames().forEachRemaining(names::add);
        assertTrue(names.contains("/api/v1/report-reexports"), names.toString());
        assertTrue(names.stream().noneMatch(p -> p.contains("/api/v1/report-reexports/api/v1/report-reexports")), names.toString());
    }
}
