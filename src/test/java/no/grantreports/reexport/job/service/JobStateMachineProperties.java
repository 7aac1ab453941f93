package no.grantreports.reexport.job.service;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import no.grantreports.reexport.job.JobStatus;
import no.grantreports.reexport.job.ReexportJob;
import no.grantreports.reexport.problem.ProblemException;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random sequences of operator PUTs and cancellations through the service's own rules
 * ({@link ReexportService#apply}, {@link ReexportService#cancel}, {@link JobStatus#allowedMoves()}),
 * from every status a job can be in. The worker's moves are SQL and are driven through the real
 * application by {@code JobStateMachineSequenceTest}.
 */
class JobStateMachineProperties {

    sealed interface Action permits Put, Cancel {
    }

    record Put(ReexportCommands.Update update) implements Action {
    }

    record Cancel() implements Action {
    }

    static final Instant T0 = Instant.parse("2026-03-26T09:00:00Z");

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<ReexportCommands.Update> updates = Combinators.combine(
                Arbitraries.of(JobStatus.class).injectNull(0.3),
                Arbitraries.of("reports/org_bufdir_oslo_42/reexports/a.xlsx", "reports/org_x/reexports/b.zip").injectNull(0.5),
                Arbitraries.longs().between(0, 10_000_000).injectNull(0.5),
                Arbitraries.of(T0.plusSeconds(60), T0.minusSeconds(86_400)).injectNull(0.7),
                Arbitraries.of(true, false).injectNull(0.5),
                Arbitraries.of("the operator says no").injectNull(0.7))
                .as(ReexportCommands.Update::new)
                .filter(update -> !update.isEmpty()); // the service answers an empty update 400 before any rule
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, updates.map(Put::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Cancel())));
        return action.list().ofMinSize(1).ofMaxSize(15);
    }

    /** A row as the application leaves it in that status. */
    static ReexportJob jobIn(JobStatus status) {
        ReexportJob job = new ReexportJob();
        job.id = "reexp_01KA2L5P6Q7R8S9T0U1V2W3X";
        job.reportId = "rpt_01HX9K2M3N4P5Q6R7S8T9U0V";
        job.orgId = "org_bufdir_oslo_42";
        job.status = status;
        job.format = "xlsx";
        job.locale = "nb-NO";
        job.requestedBy = "user_09AXKL2";
        job.requestedAt = T0;
        job.updatedAt = T0;
        job.nextAttemptAt = T0;
        job.attempt = status == JobStatus.PENDING || status == JobStatus.CANCELLED ? 0 : 1;
        switch (status) {
            case PROCESSING -> {
                job.startedAt = T0;
                job.lockedBy = "worker-1";
                job.leaseUntil = T0.plusSeconds(60);
            }
            case COMPLETED, EXPIRED -> {
                job.outputFileRef = "reports/o/reexports/done.xlsx";
                job.outputFileSizeBytes = 4096L;
                job.completedAt = T0.plusSeconds(30);
                job.expiredAt = status == JobStatus.EXPIRED ? T0.plusSeconds(90) : null;
            }
            case FAILED -> {
                job.errorCode = "invalid_report";
                job.errorMessage = "broken";
            }
            case CANCELLED -> job.cancelledAt = T0.plusSeconds(5);
            default -> { }
        }
        return job;
    }

    @Property(tries = 1000, seed = "20261128")
    void operatorSequencesKeepTheJobConsistent(@ForAll JobStatus start, @ForAll("actions") List<Action> actions) {
        ReexportJob job = jobIn(start);
        Instant now = T0.plusSeconds(120);
        for (Action action : actions) {
            now = now.plusSeconds(1);
            State before = State.of(job);
            try {
                if (action instanceof Put put) {
                    ReexportService.apply(job, put.update());
                } else {
                    ReexportService.cancel(job, now);
                }
            } catch (ProblemException refused) {
                // The transaction rolls back: the row stays as it was.
                assertTrue(refused.status() == 400 || refused.status() == 409 || refused.status() == 422, "refused with " + refused.status());
                before.restore(job);
                continue;
            }
            State after = State.of(job);
            checkMove(before, after, action);
            checkInvariants(job);
        }
    }

    static void checkMove(State before, State after, Action action) {
        if (before.status != after.status) {
            assertTrue(before.status.canMoveTo(after.status), before.status + " -> " + after.status + " by " + action);
        }
        if (after.status == JobStatus.CANCELLED && before.status != JobStatus.CANCELLED) {
            assertEquals(JobStatus.PENDING, before.status, "cancelled only from pending");
        }
        if (before.status == JobStatus.CANCELLED) {
            assertEquals(before, after, "a cancelled job accepts nothing");
        }
        if (before.status == JobStatus.COMPLETED || before.status == JobStatus.EXPIRED) {
            assertEquals(before.withNotified(after.notified), after, "a " + before.status + " job only accepts notified");
            assertFalse(before.notified && !after.notified, "notified never goes back to false");
        }
        assertEquals(before.attempt, after.attempt, "an operator does not spend attempts");
    }

    static void checkInvariants(ReexportJob job) {
        switch (job.status) {
            case COMPLETED, EXPIRED -> {
                assertNotNull(job.outputFileRef, "completed has a file ref");
                assertNotNull(job.outputFileSizeBytes, "completed has a size");
                assertNotNull(job.completedAt, "completed has a completion time");
            }
            case CANCELLED -> assertNotNull(job.cancelledAt, "cancelled has a cancellation time");
            default -> { }
        }
        if (job.status != JobStatus.PROCESSING) {
            assertNull(job.lockedBy, "only a processing job is held by a worker");
            assertNull(job.leaseUntil, "only a processing job has a lease");
        }
    }

    /** The fields the rules may touch, comparable and restorable. */
    record State(JobStatus status, String ref, Long size, Instant completedAt, Instant cancelledAt, boolean notified,
                 String errorMessage, String errorCode, String lockedBy, Instant leaseUntil, Instant startedAt,
                 Instant nextAttemptAt, int attempt) {

        static State of(ReexportJob job) {
            return new State(job.status, job.outputFileRef, job.outputFileSizeBytes, job.completedAt, job.cancelledAt,
                    job.notified, job.errorMessage, job.errorCode, job.lockedBy, job.leaseUntil, job.startedAt,
                    job.nextAttemptAt, job.attempt);
        }

        State withNotified(boolean value) {
            return new State(status, ref, size, completedAt, cancelledAt, value, errorMessage, errorCode, lockedBy,
                    leaseUntil, startedAt, nextAttemptAt, attempt);
        }

        void restore(ReexportJob job) {
            job.status = status;
            job.outputFileRef = ref;
            job.outputFileSizeBytes = size;
            job.completedAt = completedAt;
            job.cancelledAt = cancelledAt;
            job.notified = notified;
            job.errorMessage = errorMessage;
            job.errorCode = errorCode;
            job.lockedBy = lockedBy;
            job.leaseUntil = leaseUntil;
            job.startedAt = startedAt;
            job.nextAttemptAt = nextAttemptAt;
            job.attempt = attempt;
            Objects.requireNonNull(job.status);
        }
    }
}
