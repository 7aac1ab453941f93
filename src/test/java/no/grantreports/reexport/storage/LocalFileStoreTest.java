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
}
