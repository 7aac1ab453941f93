package no.grantreports.reexport.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Builds the command that starts the packaged application for tests that launch it themselves
 * (LoadIT, MultiInstanceIT). It runs what the build produced, as {@code @QuarkusIntegrationTest}
 * does: the native runner after {@code ./mvnw verify -Dnative}, the JVM fast-jar otherwise, with the
 * same options ({@code -D}, {@code -Xmx} and {@code -XX} are understood by both).
 */
public final class AppLauncher {

    public enum Kind { JVM, NATIVE }

    /** What the build packaged: Quarkus writes it to target/quarkus-artifact.properties. */
    public record Artifact(Kind kind, Path path) {
    }

    private AppLauncher() {
    }

    /** The artifact of this module's build. */
    public static Artifact artifact() {
        return artifact(Path.of("target"));
    }

    /** The artifact described in {@code target}/quarkus-artifact.properties (a fast-jar when absent). */
    public static Artifact artifact(Path target) {
        Path description = target.resolve("quarkus-artifact.properties");
        Path jar = target.resolve("quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.exists(description)) {
            return new Artifact(Kind.JVM, jar);
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(description)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String type = properties.getProperty("type", "jar");
        String path = properties.getProperty("path");
        if (type.equals("native")) {
            if (path == null) {
                throw new IllegalStateException(description + " names a native build without its path");
            }
            return new Artifact(Kind.NATIVE, target.resolve(path).toAbsolutePath());
        }
        // every other type is a jar run by the JVM (fast-jar, uber-jar, ...)
        return new Artifact(Kind.JVM, path != null && path.endsWith(".jar") ? target.resolve(path).toAbsolutePath() : jar);
    }

    /** The command for {@code artifact} with {@code options}: {@code java <options> -jar <jar>} or {@code <runner> <options>}. */
    public static List<String> command(Artifact artifact, List<String> options) {
        List<String> command = new ArrayList<>();
        if (artifact.kind() == Kind.NATIVE) {
            command.add(artifact.path().toString());
            command.addAll(options);
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(options);
            command.add("-jar");
            command.add(artifact.path().toString());
        }
        return command;
    }

    /** The command for this build's artifact. */
    public static List<String> command(List<String> options) {
        return command(artifact(), options);
    }
}
