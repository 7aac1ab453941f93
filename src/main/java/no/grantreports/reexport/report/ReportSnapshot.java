package no.grantreports.reexport.report;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.LocalDate;

/** A historical report exactly as an organisation submitted it. */
@Entity
@Table(name = "report_snapshot")
public class ReportSnapshot extends PanacheEntityBase {

    @Id
    @Column(name = "report_id")
    public String id;

    @Column(name = "org_id", nullable = false)
    public String orgId;

    @Column(name = "report_type", nullable = false)
    public String reportType;

    @Convert(converter = LocalizedTextConverter.class)
    @Column(nullable = false)
    public LocalizedText title;

    @Column(name = "period_from", nullable = false)
    public LocalDate periodFrom;

    @Column(name = "period_to", nullable = false)
    public LocalDate periodTo;

    @Column(name = "submitted_at", nullable = false)
    public Instant submittedAt;

    @Column(name = "submitted_by", nullable = false)
    public String submittedBy;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "original_export_params", nullable = false, columnDefinition = "jsonb")
    public OriginalExportParams originalExportParams;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public ReportContent content;

    @Column(nullable = false)
    public int version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
