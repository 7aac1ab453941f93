package no.grantreports.reexport.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tests that launch the application start what the build produced: the native runner or the fast-jar. */
class AppLauncherTest {

    private static final List<String> OPTIONS = List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
            "-Dquarkus.http.port=8181", "-Dreexport.worker.instance-id=a");

    @TempDir
    Path target;

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void aNativeBuildStartsTheRunnerWithTheSameOptions() throws IOException {
        Files.writeString(target.resolve("quarkus-artifact.properties"),
                "path=report-reexport-service-1.0.0-SNAPSHOT-runner\ntype=native\n");

        List<String> command = AppLauncher.command(AppLauncher.artifact(target), OPTIONS);

        assertEquals(List.of(target.resolve("report-reexport-service-1.0.0-SNAPSHOT-runner").toAbsolutePath().toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Dquarkus.http.port=8181", "-Dreexport.worker.instance-id=a"),
                command);
    }

    @Test
    void aJvmBuildStartsTheFastJarWithTheSameOptions() throws IOException {
        Files.writeString(target.resolve("quarkus-artifact.properties"),
                "metadata.library-dir=/x/quarkus-app/lib\npath=quarkus-app/quarkus-run.jar\ntype=jar\n");

        List<String> command = AppLauncher.command(AppLauncher.artifact(target), OPTIONS);

        assertEquals(List.of(java(), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Dquarkus.http.port=8181",
                "-Dreexport.worker.instance-id=a", "-jar", target.resolve("quarkus-app/quarkus-run.jar").toAbsolutePath().toString()),
                command);
    }

    /** A test that starts quarkus-run.jar itself would test the JVM build in the native profile. */
    @Test
    void noTestStartsTheJarByItself() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.getFileName().toString().startsWith("AppLauncher"))
                    .filter(f -> {
                        String source = read(f);
                        return source.contains("ProcessBuilder") && source.contains("quarkus-run.jar");
                    })
                    .map(Path::toString).sorted().toList();
        }
        assertEquals(List.of(), offenders, "start the application through testsupport/AppLauncher");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void withoutABuildDescriptionItIsTheFastJar() {
        AppLauncher.Artifact artifact = AppLauncher.artifact(target);

        assertEquals(new AppLauncher.Artifact(AppLauncher.Kind.JVM, target.resolve("quarkus-app/quarkus-run.jar").toAbsolutePath()),
                artifact);
    }
}
