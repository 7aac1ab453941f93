package no.grantreports.reexport.storage;

import no.grantreports.reexport.config.ReexportConfig;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Files under a root folder on the local (or a mounted, shared) filesystem. */
public class LocalFileStore implements FileStore {

    /** {@code .{target name}.{uuid}.tmp}, written beside the target; group 1 is the target's name. */
    static final Pattern TEMP = Pattern.compile("^\\.(.+)\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.tmp$");
    /** The readiness probe's file, left only if the process died between creating and deleting it. */
    static final Pattern PROBE = Pattern.compile("^\\.health-.*\\.tmp$");

    private final Path root;
    /** Temporary files this instance is writing now: never swept, whatever their age. */
    private final Set<Path> writing = ConcurrentHashMap.newKeySet();

    public LocalFileStore(ReexportConfig config) {
        this(config.storage().root());
    }

    public LocalFileStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
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
        writing.add(temp);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 64 * 1024)) {
                writer.writeTo(out);
            }
            long size = Files.size(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return size;
        } finally {
            try {
                Files.deleteIfExists(temp);
            } finally {
                writing.remove(temp);
            }
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
    public void checkWritable() throws StorageUnavailableException {
        try {
            Files.createDirectories(root);
            // One byte, not an empty file: creating an empty file still works on a full disk.
            Path probe = Files.createTempFile(root, ".health-", ".tmp");
            try {
                Files.write(probe, new byte[] {1});
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (FileSystemException e) {
            String reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
            throw new StorageUnavailableException("The storage folder is not writable (" + reason + ")", e);
        } catch (IOException e) {
            throw new StorageUnavailableException("The storage folder is not writable (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    @Override
    public long usableSpace() throws IOException {
        Path existing = root;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent(); // not created yet: the space of the folder it will be made in
        }
        return Files.getFileStore(existing == null ? root : existing).getUsableSpace();
    }

    @Override
    public StoredFile open(String ref) throws IOException {
        Path path = resolve(ref);
        InputStream content;
        try {
            content = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new StoredFileGoneException(ref);
        }
        try {
            return new StoredFile(content, Files.size(path));
        } catch (IOException e) {
            content.close();
            throw e;
        }
    }

    @Override
    public int sweepTemporaryFiles(Duration olderThan, Set<String> liveRefs) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        List<Path> candidates;
        try (Stream<Path> walk = Files.walk(root)) {
            candidates = walk.filter(path -> {
                String name = path.getFileName().toString();
                return name.startsWith(".") && (TEMP.matcher(name).matches() || PROBE.matcher(name).matches());
            }).toList();
        }
        return StaleTemporaryFiles.delete(candidates, olderThan, temp -> writing.contains(temp) || ownedByLiveClaim(temp, liveRefs));
    }

    private boolean ownedByLiveClaim(Path temp, Set<String> liveRefs) {
        Matcher matcher = TEMP.matcher(temp.getFileName().toString());
        if (!matcher.matches()) {
            return false;
        }
        String target = root.relativize(temp.resolveSibling(matcher.group(1))).toString().replace('\\', '/');
        return liveRefs.contains(target);
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
