package no.grantreports.reexport.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link TestEnvironment} with the storage folder on its own small tmpfs (16 MiB), so a test can
 * make it read-only or fill it. Tests run as root, which ignores file modes: only a read-only
 * mount stops root from writing. Mounting needs CAP_SYS_ADMIN; without it {@link #mounted()} is
 * false and the tests that need it are skipped with that reason.
 */
public class MountedStorageEnvironment extends TestEnvironment {

    public static final long SIZE_BYTES = 16L * 1024 * 1024;
    public static final String MIN_FREE = "8M";
    private static volatile Path mountPoint;
    private static volatile boolean mounted;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        try {
            Path dir = Files.createTempDirectory("reexport-tmpfs-");
            mounted = run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", dir.toString());
            mountPoint = dir;
            config.put("reexport.storage.root", dir.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        config.put("reexport.storage.min-free", MIN_FREE);
        config.put("reexport.storage.check-interval", "500ms");
        config.put("reexport.worker.poll-interval", "500ms");
        return config;
    }

    @Override
    public void stop() {
        if (mounted) {
            run("umount", "-l", mountPoint.toString());
            mounted = false;
        }
    }

    public static boolean mounted() {
        return mounted;
    }

    public static Path root() {
        return mountPoint;
    }

    /** Remounts the storage folder read-only ({@code ro}) or writable again ({@code rw}). */
    public static void remount(String mode) {
        if (!run("mount", "-o", "remount," + mode, mountPoint.toString())) {
            throw new IllegalStateException("Could not remount " + mountPoint + " " + mode);
        }
    }

    private static boolean run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
