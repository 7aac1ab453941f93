package no.grantreports.reexport.job.service;

import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.common.Backoff;
import no.grantreports.reexport.config.ReexportConfig;
import no.grantreports.reexport.export.ExportException;
import no.grantreports.reexport.storage.StorageUnavailableException;

import java.io.IOException;

/**
 * What a failed attempt leads to: a report the writers cannot render fails the job at once; any
 * other failure is retried with capped exponential backoff while attempts are left.
 */
@ApplicationScoped
public class RetryPolicy {

    static final String TRANSIENT = "transient_error";

    private final ReexportConfig.Worker settings;

    public RetryPolicy(ReexportConfig config) {
        this.settings = config.worker();
    }

    /** The outcome of attempt {@code attempt} that failed with {@code failure}; {@code incident} is in the job's message. */
    ClaimOutcome after(int attempt, Throwable failure, String incident) {
        if (failure instanceof ExportException) {
            return new ClaimOutcome.Failed("invalid_report", failure.getMessage());
        }
        String message = failureMessage(failure, incident);
        if (attempt >= settings.maxAttempts()) {
            return new ClaimOutcome.Failed("attempts_exhausted", message + " No attempts are left.");
        }
        return new ClaimOutcome.Retry(TRANSIENT, message,
                Backoff.delay(settings.retryBackoff(), settings.retryBackoffMax(), attempt));
    }

    /** A failure that no retry can mend (the report cannot be rendered): nothing to log as an incident. */
    static boolean permanent(Throwable failure) {
        return failure instanceof ExportException;
    }

    /** The job's error_message: says when the store was the cause, and which (403, missing bucket, unreachable, full). */
    static String failureMessage(Throwable failure, String incident) {
        StorageUnavailableException storageFailure = storageFailure(failure);
        if (storageFailure != null) {
            return "The output file could not be stored: " + storageFailure.getMessage() + " (incident " + incident + ").";
        }
        return (causedByIo(failure) ? "The output file could not be stored" : "Unexpected error while building the file")
                + " (incident " + incident + ").";
    }

    static StorageUnavailableException storageFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StorageUnavailableException e) {
                return e;
            }
        }
        return null;
    }

    private static boolean causedByIo(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
