package no.grantreports.reexport.job.service;

import no.grantreports.reexport.job.ExportFormat;
import no.grantreports.reexport.job.ExportLocale;
import no.grantreports.reexport.job.JobStatus;

import java.time.Instant;
import java.util.Set;

/** Validated inputs of the service's write operations (the REST layer maps its DTOs to these). */
public final class ReexportCommands {

    private ReexportCommands() {
    }

    /** Export parameters as asked; null fields fall back to the report's original ones, then to defaults. */
    public record Create(String reportId, ExportFormat format, Boolean includeAnnexes, ExportLocale locale,
                         boolean notifyOnCompletion) {
    }

    /** An Idempotency-Key and the hash of the request body it came with. */
    public record Idempotency(String key, String requestHash) {
    }

    /** A created job; {@code replayed} when an earlier request with the same Idempotency-Key created it. */
    public record Created(no.grantreports.reexport.job.ReexportJob job, boolean replayed) {
    }

    /** A partial update: null means "leave as it is". */
    public record Update(JobStatus status, String outputFileRef, Long outputFileSizeBytes, Instant completedAt,
                         Boolean notified, String errorMessage) {
        public boolean isEmpty() {
            return status == null && outputFileRef == null && outputFileSizeBytes == null && completedAt == null
                    && notified == null && errorMessage == null;
        }

        /** True when it asks for more than setting {@code notified}. */
        public boolean changesMoreThanNotified(JobStatus current) {
            return (status != null && status != current) || outputFileRef != null || outputFileSizeBytes != null
                    || completedAt != null || errorMessage != null;
        }
    }

    /**
     * The versions a conditional write accepts (from If-Match): {@link #ANY} when the request sets
     * no condition, otherwise the job's version must be one of {@code versions} (none can match).
     */
    public record ExpectedVersion(boolean any, Set<Integer> versions) {
        public static final ExpectedVersion ANY = new ExpectedVersion(true, Set.of());

        public ExpectedVersion {
            versions = Set.copyOf(versions);
        }

        public static ExpectedVersion oneOf(Set<Integer> versions) {
            return new ExpectedVersion(false, versions);
        }

        public boolean matches(int version) {
            return any || versions.contains(version);
        }
    }
}
