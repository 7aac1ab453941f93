package no.grantreports.reexport.job;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;

/** One re-export request and its state; also the unit of work in the PostgreSQL job queue. */
@Entity
@Table(name = "reexport_job")
public class ReexportJob extends PanacheEntityBase {

    @Id
    @Column(name = "reexport_id")
    public String id;

    @Column(name = "report_id", nullable = false)
    public String reportId;

    @Column(name = "org_id", nullable = false)
    public String orgId;

    @Convert(converter = JobStatusConverter.class)
    @Column(nullable = false)
    public JobStatus status;

    @Convert(converter = ExportFormatConverter.class)
    @Column(nullable = false)
    public ExportFormat format;

    @Column(name = "include_annexes", nullable = false)
    public boolean includeAnnexes;

    @Convert(converter = ExportLocaleConverter.class)
    @Column(nullable = false)
    public ExportLocale locale;

    @Column(name = "notify_on_completion", nullable = false)
    public boolean notifyOnCompletion;

    @Column(nullable = false)
    public boolean notified;

    @Column(name = "output_file_ref")
    public String outputFileRef;

    @Column(name = "output_file_size_bytes")
    public Long outputFileSizeBytes;

    @Column(name = "error_message")
    public String errorMessage;

    /** The snapshot version this job exported; set when the job is claimed. */
    @Column(name = "report_version")
    public Integer reportVersion;

    @Column(name = "expired_at")
    public Instant expiredAt;

    @Column(name = "requested_by", nullable = false)
    public String requestedBy;

    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Claims so far; every claim increments it and fences the claim's final write. */
    @Column(nullable = false)
    public int attempt;

    /** The instance holding the claim, while processing. */
    @Column(name = "locked_by")
    public String lockedBy;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    /** A pending job is not claimed before this (retry backoff). */
    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    /** Why the job failed, machine-readable: worker_lost, invalid_report, report_missing, attempts_exhausted, … */
    @Column(name = "error_code")
    public String errorCode;

    @Version
    public int version;
}
