package no.grantreports.reexport.job.service;

import no.grantreports.reexport.job.ExportFormat;
import no.grantreports.reexport.job.ExportLocale;
import no.grantreports.reexport.job.JobStatus;
import no.grantreports.reexport.job.ReexportJob;
import no.grantreports.reexport.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

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
 *
 * <p>Plain seeded generators (no property-testing library): try {@code i} draws from
 * {@code new Random(seed + i)}, and a failure names its seed; {@code -Dproperties.seed=<that seed>}
 * replays it as the first try.
 */
class JobStateMachinePropertiesTest {

    static final long SEED = Long.getLong("properties.seed", 20261128L);
    static final int TRIES = 1000;

    sealed interface Action permits Put, Cancel {
    }

    record Put(ReexportCommands.Update update) implements Action {
    }

    record Cancel() implements Action {
    }

    static final Instant T0 = Instant.parse("2026-03-26T09:00:00Z");

    /** 1 to 15 actions, four PUTs to one cancellation. */
    static List<Action> actions(Random random) {
        int size = 1 + random.nextInt(15);
        List<Action> actions = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            actions.add(random.nextInt(5) < 4 ? new Put(update(random)) : new Cancel());
        }
        return actions;
    }

    /** A non-empty update (the service answers an empty one 400 before any rule); each field may be absent. */
    static ReexportCommands.Update update(Random random) {
        while (true) {
            ReexportCommands.Update update = new ReexportCommands.Update(
                    orNull(random, 0.3, oneOf(random, JobStatus.values())),
                    orNull(random, 0.5, oneOf(random, "reports/org_bufdir_oslo_42/reexports/a.xlsx", "reports/org_x/reexports/b.zip")),
                    orNull(random, 0.5, size(random)),
                    orNull(random, 0.7, oneOf(random, T0.plusSeconds(60), T0.minusSeconds(86_400))),
                    orNull(random, 0.5, random.nextBoolean()),
                    orNull(random, 0.7, "the operator says no"));
            if (!update.isEmpty()) {
                return update;
            }
        }
    }

    /** 0 to 10,000,000, with the bounds drawn more often than chance (where off-by-one bugs live). */
    static long size(Random random) {
        int edge = random.nextInt(20);
        return edge == 0 ? 0 : edge == 1 ? 10_000_000 : random.nextLong(10_000_001);
    }

    @SafeVarargs
    static <T> T oneOf(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }

    static <T> T orNull(Random random, double nullProbability, T value) {
        return random.nextDouble() < nullProbability ? null : value;
    }

    /** A row as the application leaves it in that status. */
    static ReexportJob jobIn(JobStatus status) {
        ReexportJob job = new ReexportJob();
        job.id = "reexp_01KA2L5P6Q7R8S9T0U1V2W3X";
        job.reportId = "rpt_01HX9K2M3N4P5Q6R7S8T9U0V";
        job.orgId = "org_bufdir_oslo_42";
        job.status = status;
        job.format = ExportFormat.XLSX;
        job.locale = ExportLocale.NB_NO;
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

    @Test
    void operatorSequencesKeepTheJobConsistent() {
        for (int i = 0; i < TRIES; i++) {
            long seed = SEED + i;
            Random random = new Random(seed);
            JobStatus start = oneOf(random, JobStatus.values());
            List<Action> actions = actions(random);
            try {
                run(start, actions);
            } catch (AssertionError failure) {
                throw new AssertionError("try " + i + " of " + TRIES + " failed; replay with -Dproperties.seed=" + seed
                        + "\n  start: " + start + "\n  actions: " + actions + "\n  " + failure.getMessage(), failure);
            }
        }
    }

    static void run(JobStatus start, List<Action> actions) {
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
