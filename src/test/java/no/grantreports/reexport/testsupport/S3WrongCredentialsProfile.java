package no.grantreports.reexport.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** S3 storage whose secret key is wrong: every request is refused with 403 Forbidden. Logs go to a file the test reads. */
public class S3WrongCredentialsProfile implements QuarkusTestProfile {

    public static final String LOG_FILE = "target/s3-wrong-credentials.log";

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(WrongCredentials.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG_FILE);
    }

    public static class WrongCredentials extends S3ProxyResource {
        @Override
        public Map<String, String> start() {
            try {
                java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(LOG_FILE)); // count this run's lines only
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Map<String, String> config = new java.util.HashMap<>(super.start());
            config.put("quarkus.s3.aws.credentials.static-provider.secret-access-key", "not-the-secret");
            return config;
        }
    }
}
