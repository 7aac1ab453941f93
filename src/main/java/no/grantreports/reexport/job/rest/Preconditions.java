package no.grantreports.reexport.job.rest;

import jakarta.ws.rs.core.EntityTag;
import no.grantreports.reexport.job.JobStatus;
import no.grantreports.reexport.job.ReexportJob;

import java.time.Duration;
import java.time.Instant;

/** HTTP caching and concurrency headers of a job: its ETag and, while it runs, Retry-After. */
final class Preconditions {

    static final int POLL_SECONDS = 2;

    private Preconditions() {
    }

    /** Strong ETag of the job's row version: every change to the job changes it. */
    static EntityTag etag(ReexportJob job) {
        return new EntityTag(Integer.toString(job.version));
    }

    /** Seconds a client should wait before looking again, or null once the job is finished. */
    static Integer retryAfter(ReexportJob job) {
        if (job.status == JobStatus.PENDING && job.nextAttemptAt != null) {
            long wait = Duration.between(Instant.now(), job.nextAttemptAt).toSeconds();
            return (int) Math.max(POLL_SECONDS, Math.min(wait, 3600));
        }
        return job.status == JobStatus.PROCESSING || job.status == JobStatus.PENDING ? POLL_SECONDS : null;
    }
}
