package no.grantreports.reexport.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/** The one deletion rule both stores' temp-file sweeps share. */
final class StaleTemporaryFiles {

    private StaleTemporaryFiles() {
    }

    /**
     * Deletes each candidate last modified more than {@code olderThan} ago unless {@code inUse} holds for it.
     *
     * @return how many files were deleted
     */
    static int delete(List<Path> candidates, Duration olderThan, Predicate<Path> inUse) throws IOException {
        FileTime cutoff = FileTime.from(Instant.now().minus(olderThan));
        int deleted = 0;
        for (Path temp : candidates) {
            if (inUse.test(temp)) {
                continue;
            }
            try {
                if (Files.getLastModifiedTime(temp).compareTo(cutoff) < 0 && Files.deleteIfExists(temp)) {
                    deleted++;
                }
            } catch (NoSuchFileException e) {
                // its writer finished or another instance swept it meanwhile
            }
        }
        return deleted;
    }
}
