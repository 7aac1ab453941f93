package no.grantreports.reexport.job;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import no.grantreports.reexport.job.repository.ReexportRepository;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.TestIds;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Format and locale are typed in the entity but stored as the strings the columns always held: rows
 * written before the types existed read back as the same values, and new rows hold the same strings.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class ExportTypesStorageTest {

    static final String REPORT = "rpt_01HX9K2M3N4P5Q6R7S8T9U0V";
    /** The column values as written before the enums were the entity's types (spelled out, not derived). */
    static final Map<ExportFormat, String> FORMAT_COLUMN = Map.of(
            ExportFormat.XLSX, "xlsx", ExportFormat.CSV, "csv", ExportFormat.JSON, "json");
    static final Map<ExportLocale, String> LOCALE_COLUMN = Map.of(
            ExportLocale.NB_NO, "nb-NO", ExportLocale.NN_NO, "nn-NO", ExportLocale.EN_GB, "en-GB", ExportLocale.EN_US, "en-US");

    @Inject
    ReexportRepository jobs;

    @Test
    void everyFormatAndLocaleIsWrittenAsItsOldStringAndReadBack() throws Throwable {
        List<String> ids = new ArrayList<>();
        try {
            for (ExportFormat format : ExportFormat.values()) {
                for (ExportLocale locale : ExportLocale.values()) {
                    ReexportJob job = parkedJob(format, locale);
                    ids.add(job.id);
                    VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> jobs.persist(job)));

                    Map<String, Object> row = TestDatabase.job(job.id);
                    assertEquals(FORMAT_COLUMN.get(format), row.get("format"), "format column of " + format);
                    assertEquals(LOCALE_COLUMN.get(locale), row.get("locale"), "locale column of " + locale);

                    ReexportJob read = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> jobs.findById(job.id)));
                    assertEquals(format, read.format);
                    assertEquals(locale, read.locale);
                }
            }
        } finally {
            ids.forEach(id -> TestDatabase.update("DELETE FROM reexport_job WHERE reexport_id = ?", id));
        }
    }

    @Test
    void rowsHoldingTheOldStringsReadAsTheirTypes() throws Throwable {
        List<String> ids = new ArrayList<>();
        try {
            for (var format : FORMAT_COLUMN.entrySet()) {
                for (var locale : LOCALE_COLUMN.entrySet()) {
                    String id = TestIds.next();
                    ids.add(id);
                    TestDatabase.insertJob(id, REPORT, Tokens.ORG_A, "pending", Instant.now().truncatedTo(ChronoUnit.MILLIS));
                    TestDatabase.update("UPDATE reexport_job SET format = ?, locale = ? WHERE reexport_id = ?",
                            format.getValue(), locale.getValue(), id);

                    ReexportJob read = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> jobs.findById(id)));
                    assertEquals(format.getKey(), read.format);
                    assertEquals(locale.getKey(), read.locale);
                }
            }
        } finally {
            ids.forEach(id -> TestDatabase.update("DELETE FROM reexport_job WHERE reexport_id = ?", id));
        }
    }

    @Test
    void aColumnValueNoTypeKnowsIsAnErrorNotAGuess() {
        assertThrows(IllegalStateException.class, () -> new ExportFormatConverter().convertToEntityAttribute("pdf"));
        assertThrows(IllegalStateException.class, () -> new ExportLocaleConverter().convertToEntityAttribute("de-DE"));
    }

    /** Pending but not due for a day, so no worker claims it while the test reads it. */
    private static ReexportJob parkedJob(ExportFormat format, ExportLocale locale) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ReexportJob job = new ReexportJob();
        job.id = TestIds.next();
        job.reportId = REPORT;
        job.orgId = Tokens.ORG_A;
        job.status = JobStatus.PENDING;
        job.format = format;
        job.includeAnnexes = false;
        job.locale = locale;
        job.requestedBy = Tokens.USER_A;
        job.requestedAt = now;
        job.updatedAt = now;
        job.nextAttemptAt = now.plus(Duration.ofDays(1));
        return job;
    }
}
