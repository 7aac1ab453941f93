package no.grantreports.reexport.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The image that the jib profile writes to target/jib-image.tar (no daemon): its config runs the
 * fast-jar as a non-root user on port 8080 with the same JVM flags as Dockerfile.jvm, and its layers
 * hold the fast-jar only. Skipped unless the image was built:
 * {@code ./mvnw -B verify -Pjib -Djib.base.image=scratch -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=JibImageIT}.
 */
class JibImageIT {

    static final Path IMAGE = Path.of("target/jib-image.tar");

    @Test
    void theImageRunsTheFastJarAsANonRootUserOnPort8080() throws IOException {
        assumeTrue(Files.exists(IMAGE), "no image: build it with -Pjib");
        Map<String, byte[]> outer = untar(Files.newInputStream(IMAGE), name -> true);
        ObjectMapper json = new ObjectMapper();
        JsonNode manifest = json.readTree(outer.get("manifest.json")).get(0);
        JsonNode config = json.readTree(outer.get(manifest.get("Config").asText())).get("config");

        String user = config.get("User").asText();
        assertTrue(user.matches("\\d+") && Integer.parseInt(user) > 0, "numeric non-root user: " + user);
        assertTrue(config.get("ExposedPorts").has("8080/tcp"), config.toString());
        assertEquals("/deployments", config.get("WorkingDir").asText());
        List<String> entrypoint = new ArrayList<>();
        config.get("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
        assertEquals("java", entrypoint.get(0));
        assertEquals(List.of("-jar", "/deployments/quarkus-run.jar"), entrypoint.subList(entrypoint.size() - 2, entrypoint.size()));
        // The same JVM flags as the Dockerfile, so both images behave alike.
        String dockerfile = Files.readString(Path.of("deploy/docker/Dockerfile.jvm"));
        String javaOpts = dockerfile.replaceAll("(?s).*JAVA_OPTS=\"([^\"]*)\".*", "$1");
        for (String flag : javaOpts.split(" ")) {
            assertTrue(entrypoint.contains(flag), "entrypoint lacks " + flag + ": " + entrypoint);
        }

        List<String> files = new ArrayList<>();
        for (JsonNode layer : manifest.get("Layers")) {
            byte[] gz = outer.get(layer.asText());
            untar(new GZIPInputStream(new ByteArrayInputStream(gz)), name -> {
                files.add(name);
                return false;
            });
        }
        assertTrue(files.contains("deployments/quarkus-run.jar"), "the fast-jar's launcher");
        for (String folder : List.of("deployments/lib/", "deployments/app/", "deployments/quarkus/")) {
            assertTrue(files.stream().anyMatch(f -> f.startsWith(folder)), folder);
        }
        assertFalse(files.stream().anyMatch(f -> f.startsWith("app/")), "Jib's own class/lib layers are filtered out");
    }

    interface Keep {
        boolean keep(String name);
    }

    /** A minimal ustar/pax reader: regular files by name (contents only where kept). */
    static Map<String, byte[]> untar(InputStream in, Keep keep) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (in) {
            String longName = null;
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                byte[] body = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                if (type == 'x') {
                    for (String record : new String(body, StandardCharsets.UTF_8).split("\n")) {
                        int eq = record.indexOf(" path=");
                        if (eq >= 0) {
                            longName = record.substring(eq + 6);
                        }
                    }
                    continue;
                }
                String full = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
                longName = null;
                if (keep.keep(full)) {
                    entries.put(full, body);
                }
            }
        }
        return entries;
    }

    static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
