package no.grantreports.reexport.job.rest;

import jakarta.ws.rs.core.EntityTag;
import no.grantreports.reexport.job.JobStatus;
import no.grantreports.reexport.job.ReexportJob;
import no.grantreports.reexport.job.service.ReexportCommands.ExpectedVersion;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

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

    /**
     * The versions an If-Match header accepts: absent, blank or {@code *} accepts any; otherwise
     * the strong ETags it lists (weak tags never match for If-Match, RFC 9110 §13.1.1). A tag that
     * is not one of our ETags is kept out, so it matches no version.
     */
    static ExpectedVersion expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return ExpectedVersion.ANY;
        }
        Set<Integer> versions = new HashSet<>();
        for (String tag : ifMatch.split(",")) {
            String value = tag.trim();
            if (value.startsWith("W/")) {
                continue;
            }
            String opaque = value.replace("\"", "");
            try {
                int version = Integer.parseInt(opaque);
                // only the exact text etag() writes: "07" or "+7" is not the ETag "7"
                if (Integer.toString(version).equals(opaque)) {
                    versions.add(version);
                }
            } catch (NumberFormatException notOurs) {
                // another server's tag, or garbage: matches nothing
            }
        }
        return ExpectedVersion.oneOf(versions);
    }
}
