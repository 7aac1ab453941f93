package no.grantreports.reexport.job.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import no.grantreports.reexport.testsupport.TestIds;
import no.grantreports.reexport.job.ExportFormat;
import no.grantreports.reexport.job.ReexportJob;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 3 in one JVM (MultiInstanceIT does it with a real kill -9): the partial file of an
 * attempt whose instance died is deleted by the periodic sweep (2 s in tests), while the temporary
 * file of the attempt running now on another instance stays, however long since its last write.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class TemporaryFileSweepTest {

    static final String REPORT = "rpt_01HX9K2M3N4P5Q6R7S8T9U0V";

    @Test
    void theDeadAttemptsTemporaryFileIsSweptAndTheRunningAttemptsIsKept() throws IOException {
        String id = TestIds.next();
        Instant requestedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TestDatabase.insertJob(id, REPORT, Tokens.ORG_A, "pending", requestedAt);
        // attempt 1 died with its instance; attempt 2 runs on another instance now
        TestDatabase.update("UPDATE reexport_job SET status = 'processing', attempt = 2, locked_by = 'instance-elsewhere', "
                + "lease_until = now() + interval '1 hour', started_at = now() WHERE reexport_id = ?", id);
        ReexportJob job = new ReexportJob();
        job.id = id;
        job.reportId = REPORT;
        job.orgId = Tokens.ORG_A;
        job.format = ExportFormat.XLSX;
        job.requestedAt = requestedAt;
        // A sweep that read the running claims before the UPDATE above could still be under way, and these
        // files are back-dated (a real attempt's file is fresh). Once this first leftover is gone, that sweep
        // has finished, and the next one (sweeps never overlap) knows attempt 2 is running.
        Path earlier = staleTemp(ReexportWorker.fileRef(job, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(earlier));
        Path dead = staleTemp(ReexportWorker.fileRef(job, 1));
        Path running = staleTemp(ReexportWorker.fileRef(job, 2));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(dead));
            assertTrue(Files.exists(running), "the running attempt's temporary file stays");
        } finally {
            Files.deleteIfExists(running);
            TestDatabase.update("DELETE FROM reexport_job WHERE reexport_id = ?", id);
        }
    }

    /** A temporary file as LocalFileStore writes it, last written longer ago than the lease (60 s). */
    static Path staleTemp(String ref) throws IOException {
        Path target = TestEnvironment.storageRootPath().resolve(ref);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.write(temp, new byte[] {'P', 'K', 3, 4});
        Files.setLastModifiedTime(temp, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        return temp;
    }
}
