package no.grantreports.reexport.job.service;

import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.job.ExportFormat;
import no.grantreports.reexport.job.ReexportJob;
import no.grantreports.reexport.job.repository.JobQueueRepository.Claim;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one place where the worker's tracing and metrics are recorded. A claim batch gets its
 * {@code reexport.claim} span; each claim's life runs inside {@link #observe}, which opens the
 * {@code reexport.job} span and ends it with the life's result, and hands the life an
 * {@link Attempt} for its step spans and its outcome, which becomes the metrics.
 */
@ApplicationScoped
public class ClaimObservation {

    private final JobTracing tracing;
    private final JobMetrics metrics;

    public ClaimObservation(JobTracing tracing, JobMetrics metrics) {
        this.tracing = tracing;
        this.metrics = metrics;
    }

    /** A batch claim, with the number of jobs it took. */
    <T> Uni<List<T>> claimed(Supplier<Uni<List<T>>> claim) {
        return tracing.claim(claim, List::size);
    }

    /** Runs one claim's life inside its job span. */
    Uni<Void> observe(Claim claim, Function<Attempt, Uni<Void>> life) {
        Span span = tracing.job(claim.reexportId(), claim.attempt());
        return life.apply(new Attempt(span, claim.attempt()))
                .onTermination().invoke((ignored, failure, cancelled) -> JobTracing.end(span, failure));
    }

    /** One attempt at one job, as seen by traces and metrics. */
    final class Attempt {
        private final Span span;
        private final int number;

        private Attempt(Span span, int number) {
            this.span = span;
            this.number = number;
        }

        /** The job is loaded: its report and organisation label the job span. */
        void describe(ReexportJob job) {
            span.setAttribute(JobTracing.REPORT_ID, job.reportId).setAttribute(JobTracing.ORG_ID, job.orgId);
        }

        <T> Uni<T> step(String name, Supplier<Uni<T>> work) {
            return tracing.step(name, span, work);
        }

        /** A step on the export pool (blocking). */
        <T> T blockingStep(String name, JobTracing.BlockingWork<T> work) throws IOException {
            return tracing.blockingStep(name, span, work);
        }

        /** The attempt's outcome was written (a retry: is being written) for a job of {@code format}. */
        void ended(ExportFormat format, ClaimOutcome outcome) {
            if (outcome instanceof ClaimOutcome.Completed completed) {
                metrics.finished("completed", format, number, Duration.between(completed.startedAt(), Instant.now()));
            } else if (outcome instanceof ClaimOutcome.Failed) {
                metrics.finished("failed", format, number, null);
            } else {
                metrics.retried(format);
            }
        }
    }
}
