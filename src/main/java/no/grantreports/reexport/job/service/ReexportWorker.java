package no.grantreports.reexport.job.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.ConsumeEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.unchecked.Unchecked;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.WorkerExecutor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.config.ReexportConfig;
import no.grantreports.reexport.export.ExportDocument;
import no.grantreports.reexport.export.ExportException;
import no.grantreports.reexport.export.CsvZipReportWriter;
import no.grantreports.reexport.export.JsonReportWriter;
import no.grantreports.reexport.export.ReportWriter;
import no.grantreports.reexport.export.XlsxReportWriter;
import no.grantreports.reexport.job.ExportFormat;
import no.grantreports.reexport.job.ReexportIds;
import no.grantreports.reexport.job.ReexportJob;
import no.grantreports.reexport.job.repository.ReexportRepository;
import no.grantreports.reexport.notification.CompletionNotifier;
import no.grantreports.reexport.report.ReportSnapshot;
import no.grantreports.reexport.report.repository.ReportRepository;
import no.grantreports.reexport.report.repository.ReportRowRepository;
import no.grantreports.reexport.storage.FileStore;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the files. Woken by the event bus with a job id; claims the job in PostgreSQL (so a
 * duplicate wake-up is harmless), renders on a bounded worker pool, never on the event loop, and
 * finishes the job with a write fenced by its attempt number.
 */
@ApplicationScoped
public class ReexportWorker {

    private static final Logger LOG = Logger.getLogger(ReexportWorker.class);
    private static final DateTimeFormatter FILE_DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final ReexportRepository jobs;
    private final ReportRepository reports;
    private final ReportRowRepository reportRows;
    private final FileStore files;
    private final CompletionNotifier notifier;
    private final WorkerExecutor exportPool;
    private final Map<ExportFormat, ReportWriter> writers = new EnumMap<>(Map.of(
            ExportFormat.XLSX, new XlsxReportWriter(),
            ExportFormat.CSV, new CsvZipReportWriter(),
            ExportFormat.JSON, new JsonReportWriter()));

    public ReexportWorker(ReexportRepository jobs, ReportRepository reports, ReportRowRepository reportRows,
                          FileStore files, CompletionNotifier notifier, ReexportConfig config, Vertx vertx) {
        this.jobs = jobs;
        this.reports = reports;
        this.reportRows = reportRows;
        this.files = files;
        this.notifier = notifier;
        this.exportPool = vertx.createSharedWorkerExecutor("reexport-export", config.worker().effectiveConcurrency());
    }

    @PreDestroy
    void close() {
        exportPool.closeAndForget();
    }

    @ConsumeEvent(JobDispatcher.ADDRESS)
    public Uni<Void> onRequested(String reexportId) {
        return process(reexportId);
    }

    /** Processes the job if it is still pending; does nothing otherwise. */
    public Uni<Void> process(String reexportId) {
        Instant now = now();
        return Panache.withTransaction(() -> jobs.claim(reexportId, now)
                        .flatMap(attempt -> attempt == 0
                                ? Uni.createFrom().<Claimed>nullItem()
                                : jobs.findById(reexportId).flatMap(job -> reports.findById(job.reportId)
                                        .map(report -> {
                                            job.reportVersion = report.version;
                                            return new Claimed(job, attempt, document(job, report, now));
                                        }))))
                .flatMap(claimed -> claimed == null ? Uni.createFrom().voidItem() : export(claimed));
    }

    private Uni<Void> export(Claimed claimed) {
        String id = claimed.job().id;
        String ref = fileRef(claimed.job());
        ExportDocument document = claimed.document();
        ReportWriter writer = writers.get(ExportFormat.parse(document.format()).orElseThrow());
        return exportPool.executeBlocking(Uni.createFrom().item(Unchecked.supplier(() -> files.write(ref,
                        out -> writer.write(document, reportRows.rowsOf(document.reportId(), document.reportVersion()), out)))), false)
                .flatMap(size -> Panache.withTransaction(() -> jobs.complete(id, claimed.attempt(), ref, size, now()))
                        .flatMap(owned -> owned ? afterFinish(id) : discard(id, ref)))
                .onFailure().recoverWithUni(failure -> Panache.withTransaction(
                                () -> jobs.fail(id, claimed.attempt(), errorMessage(id, failure), now()))
                        .flatMap(owned -> deleteQuietly(ref).replaceWith(owned))
                        .flatMap(owned -> owned ? afterFinish(id) : Uni.createFrom().voidItem()));
    }

    /** The job was taken from this attempt (cancelled, re-queued or finished by an operator). */
    private Uni<Void> discard(String reexportId, String ref) {
        LOG.infof("Re-export %s changed while it was being built; discarding %s", reexportId, ref);
        return deleteQuietly(ref);
    }

    private Uni<Void> deleteQuietly(String ref) {
        return exportPool.executeBlocking(Uni.createFrom().item(() -> {
            try {
                files.delete(ref);
            } catch (IOException | RuntimeException e) {
                LOG.warnf(e, "Could not delete %s", ref);
            }
            return null;
        }), false).replaceWithVoid();
    }

    private Uni<Void> afterFinish(String reexportId) {
        return Panache.withTransaction(() -> jobs.findById(reexportId).flatMap(job -> {
            if (job == null || !job.notifyOnCompletion || job.notified) {
                return Uni.createFrom().voidItem();
            }
            notifier.publish(job);
            return jobs.markNotified(reexportId, now()).replaceWithVoid();
        }));
    }

    private static String errorMessage(String reexportId, Throwable failure) {
        if (failure instanceof ExportException) {
            return failure.getMessage();
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(failure, "Re-export %s failed (incident %s)", reexportId, incident);
        if (failure instanceof IOException) {
            return "The output file could not be stored (incident " + incident + ").";
        }
        return "Unexpected error while building the file (incident " + incident + ").";
    }

    static ExportDocument document(ReexportJob job, ReportSnapshot report, Instant now) {
        return new ExportDocument(report.id, report.orgId, report.reportType, report.title, report.periodFrom,
                report.periodTo, report.submittedAt, report.submittedBy, report.version, job.format,
                job.includeAnnexes, Locale.forLanguageTag(job.locale), now, report.content);
    }

    /**
     * {@code reports/{org}/reexports/{report id, 12 chars}_reexport_{yyyyMMdd}_{ulid}.{ext}}: the
     * job's ULID makes it unique, so no job ever overwrites another's file.
     */
    static String fileRef(ReexportJob job) {
        String reportPrefix = job.reportId.length() > 12 ? job.reportId.substring(0, 12) : job.reportId;
        String day = FILE_DAY.format(job.requestedAt.atZone(ZoneOffset.UTC));
        String extension = ExportFormat.parse(job.format).map(ExportFormat::extension).orElse(job.format);
        return "reports/" + job.orgId + "/reexports/" + reportPrefix + "_reexport_" + day + "_"
                + ReexportIds.ulidOf(job.id) + "." + extension;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private record Claimed(ReexportJob job, int attempt, ExportDocument document) {
    }
}
