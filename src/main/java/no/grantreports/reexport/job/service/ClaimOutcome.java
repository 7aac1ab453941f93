package no.grantreports.reexport.job.service;

import java.time.Duration;
import java.time.Instant;

/** How an attempt at a job ends: what the worker writes to the queue and what the metrics count. */
sealed interface ClaimOutcome {

    /** The file is stored; {@code startedAt} is when the attempt began (the export duration runs from there). */
    record Completed(String fileRef, long sizeBytes, int reportVersion, Instant startedAt) implements ClaimOutcome {
    }

    /** The job fails for good. */
    record Failed(String errorCode, String message) implements ClaimOutcome {
    }

    /** The job goes back to pending and is tried again after {@code delay}. */
    record Retry(String errorCode, String message, Duration delay) implements ClaimOutcome {
    }
}
