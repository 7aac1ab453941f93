package no.grantreports.reexport.storage;

import no.grantreports.reexport.config.ReexportConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalFileStoreTest {

    @TempDir
    Path root;

    LocalFileStore store() {
        ReexportConfig.Storage storage = (ReexportConfig.Storage) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ReexportConfig.Storage.class}, (proxy, method, args) -> {
                    if (method.getName().equals("root")) {
                        return root;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        ReexportConfig config = (ReexportConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ReexportConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("storage")) {
                        return storage;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new LocalFileStore(config);
    }

    @Test
    void writesAtomicallyAndReportsTheSize() throws IOException {
        long size = store().write("reports/org/a.xlsx", out -> out.write("hello".getBytes(StandardCharsets.UTF_8)));
        assertEquals(5, size);
        assertEquals("hello", Files.readString(root.resolve("reports/org/a.xlsx")));
        try (Stream<Path> files = Files.list(root.resolve("reports/org"))) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test
    void aFailedWriteLeavesNothingBehind() throws IOException {
        assertThrows(IOException.class, () -> store().write("reports/org/b.xlsx", out -> {
            out.write(1);
            throw new IOException("disk full");
        }));
        try (Stream<Path> files = Files.walk(root)) {
            assertTrue(files.noneMatch(Files::isRegularFile));
        }
    }

    @Test
    void neverReplacesAnExistingFile() throws IOException {
        LocalFileStore store = store();
        store.write("x/c.xlsx", out -> out.write(1));
        assertThrows(FileAlreadyExistsException.class, () -> store.write("x/c.xlsx", out -> out.write(2)));
        assertEquals(1, Files.readAllBytes(root.resolve("x/c.xlsx"))[0]);
    }

    @Test
    void refsCannotLeaveTheRoot() {
        LocalFileStore store = store();
        for (String ref : new String[]{"../escape.xlsx", "a/../../escape.xlsx", "/etc/passwd", "", "a\\b", "."}) {
            assertThrows(IllegalArgumentException.class, () -> store.resolve(ref), ref);
        }
        assertTrue(store.resolve("a/b.xlsx").startsWith(root));
        assertFalse(store.exists("a/b.xlsx"));
    }

    @Test
    void aMissingFileIsGone() {
        assertThrows(StoredFileGoneException.class, () -> store().open("reports/org/missing.xlsx"));
    }

    /** Issue 12 item 3: what a kill -9 mid-export leaves is swept, and nothing a live writer needs. */
    @Test
    void sweepsStaleTemporaryFilesThatNoLiveClaimOwns() throws Exception {
        LocalFileStore store = store();
        store.write("reports/org/done.xlsx", out -> out.write(1));
        Path dir = root.resolve("reports/org");
        Path orphan = temp(dir, "r_reexport_20261201_01ABC.xlsx", Duration.ofMinutes(5));
        Path probe = dir.getParent().getParent().resolve(".health-123.tmp");
        Files.write(probe, new byte[] {1});
        Files.setLastModifiedTime(probe, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        Path live = temp(dir, "r_reexport_20261201_01LIVE_a2.xlsx", Duration.ofMinutes(5));
        Path fresh = temp(dir, "r_reexport_20261201_01NEW.xlsx", Duration.ZERO);
        Path userFile = dir.resolve(".keep");
        Files.write(userFile, new byte[] {1});
        Files.setLastModifiedTime(userFile, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));

        int deleted = store.sweepTemporaryFiles(Duration.ofMinutes(1), Set.of("reports/org/r_reexport_20261201_01LIVE_a2.xlsx"));

        assertEquals(2, deleted);
        assertFalse(Files.exists(orphan), "the crashed writer's temporary file");
        assertFalse(Files.exists(probe), "a crashed readiness probe's file");
        assertTrue(Files.exists(live), "a running claim's file, however long since its last write");
        assertTrue(Files.exists(fresh), "written to within the lease");
        assertTrue(Files.exists(userFile), "not a temporary file of the store");
        assertTrue(Files.exists(dir.resolve("done.xlsx")));
    }

    @Test
    void neverSweepsAFileThisInstanceIsWriting() throws Exception {
        LocalFileStore store = store();
        java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch swept = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Long> write = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return store.write("reports/org/slow.xlsx", out -> {
                    out.write(1);
                    out.flush();
                    writing.countDown();
                    try {
                        swept.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                    out.write(2);
                });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writing.await();
        try (Stream<Path> files = Files.list(root.resolve("reports/org"))) {
            for (Path temp : files.toList()) {
                Files.setLastModifiedTime(temp, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
            }
        }
        assertEquals(0, store.sweepTemporaryFiles(Duration.ofMinutes(1), Set.of()));
        swept.countDown();
        assertEquals(2, write.get());
        assertEquals(2, Files.size(root.resolve("reports/org/slow.xlsx")));
    }

    @Test
    void healthCheckFailsWithTheReasonWhenTheRootCannotBeAFolder() throws IOException {
        Path blocked = root.resolve("blocked");
        Files.write(blocked, new byte[] {1});
        LocalFileStore store = new LocalFileStore(blocked);
        StorageUnavailableException e = assertThrows(StorageUnavailableException.class, store::checkWritable);
        assertTrue(e.getMessage().startsWith("The storage folder is not writable"), e.getMessage());
    }

    static Path temp(Path dir, String target, Duration age) throws IOException {
        Path temp = dir.resolve("." + target + "." + UUID.randomUUID() + ".tmp");
        Files.write(temp, new byte[] {1, 2, 3});
        Files.setLastModifiedTime(temp, FileTime.from(Instant.now().minus(age)));
        return temp;
    }
}
