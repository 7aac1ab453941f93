package no.grantreports.reexport.job.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.job.ExportFormat;
import no.grantreports.reexport.job.ExportLocale;
import no.grantreports.reexport.job.IdempotencyRecord;
import no.grantreports.reexport.job.JobStatus;
import no.grantreports.reexport.job.ListFilter;
import no.grantreports.reexport.job.ReexportIds;
import no.grantreports.reexport.job.ReexportJob;
import no.grantreports.reexport.job.repository.IdempotencyRepository;
import no.grantreports.reexport.job.repository.ReexportRepository;
import no.grantreports.reexport.problem.Problem;
import no.grantreports.reexport.problem.ProblemException;
import no.grantreports.reexport.problem.ProblemType;
import no.grantreports.reexport.report.OriginalExportParams;
import no.grantreports.reexport.report.ReportReference;
import no.grantreports.reexport.report.repository.ReportRepository;
import no.grantreports.reexport.security.Caller;
import no.grantreports.reexport.storage.FileRefs;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The use cases of re-export jobs. Transactions start and end here. */
@ApplicationScoped
public class ReexportService {

    static final ExportFormat DEFAULT_FORMAT = ExportFormat.XLSX;
    static final boolean DEFAULT_INCLUDE_ANNEXES = false;
    static final ExportLocale DEFAULT_LOCALE = ExportLocale.NB_NO;

    private final ReexportRepository jobs;
    private final IdempotencyRepository idempotencyKeys;
    private final ReportRepository reports;
    private final JobDispatcher dispatcher;
    private final JobMetrics metrics;
    private final AdmissionControl admission;
    private final ReexportIds ids;

    public ReexportService(ReexportRepository jobs, IdempotencyRepository idempotencyKeys, ReportRepository reports,
                           JobDispatcher dispatcher, JobMetrics metrics, AdmissionControl admission, ReexportIds ids) {
        this.jobs = jobs;
        this.idempotencyKeys = idempotencyKeys;
        this.reports = reports;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.admission = admission;
        this.ids = ids;
    }

    public record Page(List<ReexportJob> items, long total) {
    }

    @WithSession
    public Uni<Page> list(ListFilter filter) {
        return jobs.list(filter).flatMap(items -> jobs.count(filter).map(total -> new Page(items, total)));
    }

    @WithSession
    public Uni<ReexportJob> get(Caller caller, String reexportId) {
        return visibleJob(caller, reexportId);
    }

    /**
     * Creates a pending job. The wake-up goes out only after the row has committed, so the
     * worker always finds the row. With an Idempotency-Key, a repeated request gets the job the
     * first one created; the unique key in PostgreSQL decides races between concurrent repeats.
     * A new job needs a place in the queue (429 when it is full); a replay does not.
     */
    public Uni<ReexportCommands.Created> create(Caller caller, ReexportCommands.Create command,
                                                ReexportCommands.Idempotency idempotency) {
        return detached(() -> createNow(caller, command, idempotency));
    }

    private Uni<ReexportCommands.Created> createNow(Caller caller, ReexportCommands.Create command,
                                                    ReexportCommands.Idempotency idempotency) {
        if (idempotency == null) {
            return admission.reserve().chain(() -> insert(caller, command, null))
                    .map(job -> new ReexportCommands.Created(job, false));
        }
        IdempotencyRecord.Key key = new IdempotencyRecord.Key(keyScope(caller), idempotency.key());
        return Panache.withSession(() -> idempotencyKeys.findById(key))
                .flatMap(earlier -> earlier != null
                        ? replay(caller, earlier, idempotency)
                        : admission.reserve().chain(() -> insert(caller, command, record(key, idempotency)))
                                .map(job -> new ReexportCommands.Created(job, false))
                                .onFailure(ReexportService::isUniqueViolation).recoverWithUni(() -> Panache.withSession(
                                        () -> idempotencyKeys.findById(key))
                                        .flatMap(winner -> replay(caller, winner, idempotency))));
    }

    private Uni<ReexportJob> insert(Caller caller, ReexportCommands.Create command, IdempotencyRecord record) {
        // One row to write needs no transaction block: the INSERT commits on its own, and the report
        // lookup before it is no safer inside one (READ COMMITTED; the foreign key guards the race).
        // BEGIN and COMMIT were two of a POST's four round trips. The job and its idempotency record
        // are written together, so they keep theirs.
        Uni<ReexportJob> write = record == null
                ? Panache.withSession(() -> lookupAndPersist(caller, command).call(jobs::flush))
                : Panache.withTransaction(() -> lookupAndPersist(caller, command)
                        .call(job -> {
                            record.reexportId = job.id;
                            return idempotencyKeys.persist(record).call(jobs::flush);
                        }));
        return write
                // every path (also a client that went away) settles the place reserved in the queue
                .onTermination().invoke((job, failure, cancelled) -> {
                    if (job != null) {
                        admission.created();
                    } else {
                        admission.unreserve();
                    }
                })
                .invoke(job -> {
                    dispatcher.wake(job.id);
                    metrics.created(job.format);
                });
    }

    private Uni<ReexportJob> lookupAndPersist(Caller caller, ReexportCommands.Create command) {
        return reports.findReferenceInOrganisation(command.reportId(), scope(caller))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Report " + command.reportId() + " was not found."))
                .flatMap(report -> jobs.persist(newJob(caller, report, command)));
    }

    /**
     * The job a key created, for a caller of the same organisation. A job this caller may not see
     * (an operator of the organisation created it for another one) is answered like a key reused
     * with another body: the same 422, which tells nothing about that job.
     */
    private Uni<ReexportCommands.Created> replay(Caller caller, IdempotencyRecord earlier,
                                                 ReexportCommands.Idempotency idempotency) {
        if (!earlier.requestHash.equals(idempotency.requestHash())) {
            return Uni.createFrom().failure(keyReused(idempotency));
        }
        return Panache.withSession(() -> jobs.findInOrganisation(earlier.reexportId, scope(caller)))
                .onItem().ifNull().failWith(() -> keyReused(idempotency))
                .map(job -> new ReexportCommands.Created(job, true));
    }

    private static ProblemException keyReused(ReexportCommands.Idempotency idempotency) {
        return new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED, "Unprocessable Content",
                "Idempotency-Key '" + idempotency.key() + "' was already used for a different request.", null);
    }

    private static IdempotencyRecord record(IdempotencyRecord.Key key, ReexportCommands.Idempotency idempotency) {
        IdempotencyRecord record = new IdempotencyRecord();
        record.key = key;
        record.requestHash = idempotency.requestHash();
        record.createdAt = now();
        return record;
    }

    /** Operators without an organisation share one scope. */
    private static String keyScope(Caller caller) {
        return caller.orgId() != null ? caller.orgId() : "*operators*";
    }

    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Applies an operator's partial update; re-queued jobs are dispatched after commit.
     * A job whose version is not {@code expected} (the request's If-Match) is 412.
     */
    public Uni<ReexportJob> update(Caller caller, String reexportId, ReexportCommands.Update update,
                                   ReexportCommands.ExpectedVersion expected) {
        if (update.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.badRequest("The update names no field to change."));
        }
        return detached(() -> Panache.withTransaction(() -> visibleJob(caller, reexportId)
                        .invoke(job -> checkVersion(job, expected))
                        .map(job -> {
                            boolean requeued = job.status != JobStatus.PENDING && update.status() == JobStatus.PENDING;
                            return new Updated(apply(job, update), requeued);
                        })
                        .call(updated -> jobs.flush()))
                .invoke(updated -> {
                    if (updated.requeued()) {
                        dispatcher.wake(updated.job().id);
                    }
                })
                .map(Updated::job));
    }

    private record Updated(ReexportJob job, boolean requeued) {
    }

    /** Cancels a pending job; cancelling a cancelled job again answers the original cancellation. */
    public Uni<ReexportJob> cancel(Caller caller, String reexportId, ReexportCommands.ExpectedVersion expected) {
        // Identical DELETEs racing each other: the losers' version check fails. Read again once: the
        // job is cancelled now, and an idempotent DELETE answers that cancellation (200, same body);
        // with an If-Match the new version makes it 412, as it should.
        return detached(() -> cancelOnce(caller, reexportId, expected)
                .onFailure(ReexportService::isConcurrentUpdate).recoverWithUni(() -> cancelOnce(caller, reexportId, expected)));
    }

    private Uni<ReexportJob> cancelOnce(Caller caller, String reexportId, ReexportCommands.ExpectedVersion expected) {
        return Panache.withTransaction(() -> visibleJob(caller, reexportId)
                .invoke(job -> checkVersion(job, expected))
                .map(job -> cancel(job, now())).call(jobs::flush));
    }

    static boolean isConcurrentUpdate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof jakarta.persistence.OptimisticLockException || t instanceof org.hibernate.StaleStateException) {
                return true;
            }
        }
        return false;
    }

    /** The cancellation rule (pure, so it can be property-tested): pending only; a cancelled job stays as it is. */
    static ReexportJob cancel(ReexportJob job, Instant now) {
        if (job.status == JobStatus.CANCELLED) {
            return job;
        }
        if (job.status != JobStatus.PENDING) {
            throw ProblemException.conflict(ProblemType.REEXPORT_NOT_CANCELLABLE, "Only a pending re-export can be cancelled; this one is "
                    + job.status.wireName() + ".");
        }
        job.status = JobStatus.CANCELLED;
        job.cancelledAt = now;
        job.updatedAt = now;
        return job;
    }

    /** A completed job whose file can be downloaded: 409 while it is not completed, 410 once retention deleted it. */
    @WithSession
    public Uni<ReexportJob> downloadable(Caller caller, String reexportId) {
        return visibleJob(caller, reexportId).map(job -> switch (job.status) {
            case COMPLETED -> job;
            case EXPIRED -> throw new ProblemException(ProblemType.FILE_GONE, "Gone", "The file of re-export " + reexportId
                    + " was deleted when its retention period ended (" + job.expiredAt + ").", null);
            default -> throw ProblemException.conflict(ProblemType.FILE_NOT_READY, "Re-export " + reexportId + " is " + job.status.wireName()
                    + "; its file can be downloaded once it is completed.");
        });
    }

    /**
     * Runs a write to its end even when the caller stops waiting. Quarkus REST cancels the returned
     * Uni when the client closes its connection; cancelled midway, a Hibernate Reactive transaction
     * is torn down while a statement is in flight ("possible non-threadsafe access to session",
     * HR000090) and its pooled connection may not come back (quarkusio/quarkus#51576). The result
     * of a detached write is simply dropped when nobody waits for it.
     */
    static <T> Uni<T> detached(java.util.function.Supplier<Uni<T>> write) {
        return Uni.createFrom().emitter(emitter -> write.get().subscribe().with(emitter::complete, emitter::fail));
    }

    /** A conditional write whose condition no longer holds is 412, with the version to read again. */
    static void checkVersion(ReexportJob job, ReexportCommands.ExpectedVersion expected) {
        if (!expected.matches(job.version)) {
            throw new ProblemException(ProblemType.PRECONDITION_FAILED, "Precondition Failed", "The job has changed since you read it (its ETag is now \""
                    + job.version + "\"); read it again and retry.", null);
        }
    }

    /** The one place where "not there, or not yours" becomes 404. */
    private Uni<ReexportJob> visibleJob(Caller caller, String reexportId) {
        return jobs.findInOrganisation(reexportId, scope(caller))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Re-export " + reexportId + " was not found."));
    }

    private static String scope(Caller caller) {
        return caller.operator() ? null : caller.orgId();
    }

    private ReexportJob newJob(Caller caller, ReportReference report, ReexportCommands.Create command) {
        OriginalExportParams original = report.originalExportParams() == null
                ? OriginalExportParams.none() : report.originalExportParams();
        // The report's own record (shown as is by the report API) holds strings; they are parsed here, once,
        // where they become a job's. One this service cannot produce (an old format, say) is skipped, not an error.
        ExportFormat format = firstNonNull(command.format(), ExportFormat.parse(original.format()).orElse(null), DEFAULT_FORMAT);
        ExportLocale locale = firstNonNull(command.locale(), ExportLocale.parse(original.locale()).orElse(null), DEFAULT_LOCALE);
        boolean includeAnnexes = firstNonNull(command.includeAnnexes(), original.includeAnnexes(), DEFAULT_INCLUDE_ANNEXES);
        Instant now = now();
        ReexportJob job = new ReexportJob();
        job.id = ids.next();
        job.reportId = report.id();
        job.orgId = report.orgId();
        job.status = JobStatus.PENDING;
        job.format = format;
        job.includeAnnexes = includeAnnexes;
        job.locale = locale;
        job.notifyOnCompletion = command.notifyOnCompletion();
        job.notified = false;
        job.requestedBy = caller.subject();
        job.requestedAt = now;
        job.updatedAt = now;
        job.nextAttemptAt = now;
        return job;
    }

    /** An operator's update (pure, so it can be property-tested): the moves of {@link JobStatus#allowedMoves()} only. */
    static ReexportJob apply(ReexportJob job, ReexportCommands.Update update) {
        JobStatus current = job.status;
        if (current == JobStatus.CANCELLED) {
            throw ProblemException.conflict(ProblemType.STATUS_TRANSITION_NOT_ALLOWED, "The re-export is cancelled and cannot be changed.");
        }
        JobStatus target = update.status() == null ? current : update.status();
        if (target != current && !current.canMoveTo(target)) {
            throw ProblemException.conflict(ProblemType.STATUS_TRANSITION_NOT_ALLOWED, "Cannot move a re-export from " + current.wireName() + " to "
                    + target.wireName() + "; its current status is " + current.wireName() + ".");
        }
        // Expired is completed with the file deleted: its record stays as it was, for audit.
        if ((current == JobStatus.COMPLETED || current == JobStatus.EXPIRED)
                && (update.changesMoreThanNotified(current) || Boolean.FALSE.equals(update.notified()) && job.notified)) {
            throw ProblemException.conflict(ProblemType.STATUS_TRANSITION_NOT_ALLOWED, "The re-export is " + current.wireName() + "; only 'notified' can be set to true.");
        }
        List<Problem.FieldError> misplaced = new ArrayList<>();
        if (update.outputFileRef() != null && !update.outputFileRef().startsWith(FileRefs.organisationFolder(job.orgId))) {
            // Readers of the job's organisation download this file: it must be one of theirs.
            misplaced.add(new Problem.FieldError("output_file_ref", "must lie under "
                    + FileRefs.organisationFolder(job.orgId) + " (the job's organisation)"));
        }
        if (update.completedAt() != null && update.completedAt().isBefore(job.requestedAt)) {
            misplaced.add(new Problem.FieldError("completed_at", "must not be earlier than requested_at ("
                    + job.requestedAt + ")"));
        }
        if (!misplaced.isEmpty()) {
            throw ProblemException.unprocessable(misplaced);
        }
        Instant now = now();
        if (update.outputFileRef() != null) {
            job.outputFileRef = update.outputFileRef();
        }
        if (update.outputFileSizeBytes() != null) {
            job.outputFileSizeBytes = update.outputFileSizeBytes();
        }
        if (update.errorMessage() != null) {
            job.errorMessage = update.errorMessage();
        }
        if (update.notified() != null) {
            job.notified = update.notified();
        }
        if (target != current) {
            moveTo(job, target, update, now);
        } else if (update.completedAt() != null) {
            job.completedAt = update.completedAt();
        }
        job.updatedAt = now;
        return job;
    }

    private static void moveTo(ReexportJob job, JobStatus target, ReexportCommands.Update update, Instant now) {
        switch (target) {
            case COMPLETED -> {
                List<Problem.FieldError> missing = new ArrayList<>();
                if (job.outputFileRef == null) {
                    missing.add(new Problem.FieldError("output_file_ref", "is required to complete a re-export"));
                }
                if (job.outputFileSizeBytes == null) {
                    missing.add(new Problem.FieldError("output_file_size_bytes", "is required to complete a re-export"));
                }
                if (!missing.isEmpty()) {
                    throw ProblemException.invalid(missing);
                }
                job.completedAt = update.completedAt() != null ? update.completedAt() : now;
                job.errorMessage = update.errorMessage();
            }
            case PENDING -> {
                // Re-queued: ready at once, and the next claim starts from a clean slate. A worker
                // still building it loses its fenced write (it no longer holds the claim).
                job.outputFileRef = null;
                job.outputFileSizeBytes = null;
                job.completedAt = null;
                job.errorMessage = null;
                job.errorCode = null;
                job.startedAt = null;
                job.lockedBy = null;
                job.leaseUntil = null;
                job.nextAttemptAt = now;
            }
            case PROCESSING -> job.startedAt = now;
            case FAILED -> job.completedAt = update.completedAt();
            case CANCELLED -> job.cancelledAt = now;
            default -> { }
        }
        if (target != JobStatus.PROCESSING) {
            // Whatever an operator decides, a worker's claim on the job ends here.
            job.lockedBy = null;
            job.leaseUntil = null;
        }
        job.status = target;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        throw new IllegalStateException("no default");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
