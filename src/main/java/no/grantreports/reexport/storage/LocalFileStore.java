package no.grantreports.reexport.storage;

import no.grantreports.reexport.config.ReexportConfig;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/** Files under a root folder on the local (or a mounted, shared) filesystem. */
public class LocalFileStore implements FileStore {

    private final Path root;

    public LocalFileStore(ReexportConfig config) {
        this.root = config.storage().root().toAbsolutePath().normalize();
    }

    @Override
    public long write(String ref, ContentWriter writer) throws IOException {
        Path target = resolve(ref);
        Files.createDirectories(target.getParent());
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(ref);
        }
        // Write beside the target, then rename: readers never see a half-written file.
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 64 * 1024)) {
                writer.writeTo(out);
            }
            long size = Files.size(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return size;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public boolean delete(String ref) throws IOException {
        return Files.deleteIfExists(resolve(ref));
    }

    @Override
    public boolean exists(String ref) {
        return Files.isRegularFile(resolve(ref));
    }

    @Override
    public void checkWritable() throws IOException {
        Files.createDirectories(root);
        Path probe = Files.createTempFile(root, ".health-", ".tmp");
        Files.delete(probe);
    }

    @Override
    public StoredFile open(String ref) throws IOException {
        Path path = resolve(ref);
        InputStream content = Files.newInputStream(path); // NoSuchFileException when it is gone
        try {
            return new StoredFile(content, Files.size(path));
        } catch (IOException e) {
            content.close();
            throw e;
        }
    }

    /** The absolute path of a ref; refuses refs that would leave the root. */
    public Path resolve(String ref) {
        Path path = root.resolve(FileRefs.check(ref)).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("File ref leaves the storage root: " + ref);
        }
        return path;
    }
}
