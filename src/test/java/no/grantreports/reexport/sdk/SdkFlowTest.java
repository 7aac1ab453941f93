package no.grantreports.reexport.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import no.grantreports.reexport.job.rest.ReexportApiTest;
import no.grantreports.reexport.sdk.client.ApiClient;
import no.grantreports.reexport.sdk.client.ApiException;
import no.grantreports.reexport.sdk.client.ApiResponse;
import no.grantreports.reexport.sdk.client.api.ReexportsApi;
import no.grantreports.reexport.sdk.client.api.ReportsApi;
import no.grantreports.reexport.sdk.client.model.CancelledReexport;
import no.grantreports.reexport.sdk.client.model.CreateReexportRequest;
import no.grantreports.reexport.sdk.client.model.ExportParams;
import no.grantreports.reexport.sdk.client.model.ExportParamsRequest;
import no.grantreports.reexport.sdk.client.model.Problem;
import no.grantreports.reexport.sdk.client.model.Reexport;
import no.grantreports.reexport.sdk.client.model.ReexportPage;
import no.grantreports.reexport.sdk.client.model.ReexportSummary;
import no.grantreports.reexport.sdk.client.model.ReportPage;
import no.grantreports.reexport.sdk.client.model.UpdateReexportRequest;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole flow through the Java SDK generated from our OpenAPI document (see the
 * openapi-generator-maven-plugin in pom.xml). {@code SdkFlowIT} runs it against the packaged app.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
public class SdkFlowTest {

    static final String REPORT_A = ReexportApiTest.REPORT_A;
    static final ObjectMapper JSON = ApiClient.createDefaultObjectMapper();

    /** A client of the running service; the native library takes the bearer token through an interceptor. */
    static ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(RestAssured.baseURI + ":" + RestAssured.port);
        if (token != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        return client;
    }

    static ReexportsApi reexports(String token) {
        return new ReexportsApi(client(token));
    }

    /** The problem details of an error response, as the SDK's own model. */
    static Problem problem(ApiException e) throws IOException {
        assertEquals("application/problem+json", e.getResponseHeaders().firstValue("Content-Type").orElseThrow());
        return JSON.readValue(e.getResponseBody(), Problem.class);
    }

    static Problem assertProblem(int status, Executable call) throws IOException {
        ApiException e = assertThrows(ApiException.class, call);
        assertEquals(status, e.getCode(), e::getMessage);
        Problem problem = problem(e);
        assertEquals(status, problem.getStatus());
        // the typed kind: its code and its type URI name the same thing
        assertNotNull(problem.getCode());
        assertEquals("https://grantreports.no/problems/" + problem.getCode().getValue().replace('_', '-'), problem.getType());
        assertNotNull(problem.getTitle());
        assertNotNull(problem.getDetail());
        return problem;
    }

    static CreateReexportRequest xlsxOfReportA() {
        return new CreateReexportRequest().reportId(REPORT_A)
                .exportParams(new ExportParamsRequest().format(ExportParamsRequest.FormatEnum.XLSX).includeAnnexes(true)
                        .locale(ExportParamsRequest.LocaleEnum.EN_GB))
                .notifyOnCompletion(false);
    }

    @Test
    void createPollDownloadListAndMarkNotified() throws Exception {
        ReexportsApi api = reexports(Tokens.userA());
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1);
        String key = "sdk-" + UUID.randomUUID();

        ApiResponse<ReexportSummary> created = api.createReexportWithHttpInfo(xlsxOfReportA(), key);
        assertEquals(202, created.getStatusCode());
        ReexportSummary job = created.getData();
        String id = job.getReexportId();
        assertTrue(id.matches("reexp_[0-9A-HJKMNP-TV-Z]{26}"), id);
        assertEquals(ReexportSummary.StatusEnum.PENDING, job.getStatus());
        assertEquals(Tokens.ORG_A, job.getOrgId());
        assertEquals(Tokens.USER_A, job.getRequestedBy());
        assertEquals(List.of("/api/v1/report-reexports/" + id), created.getHeaders().get("location"));

        // The same key and body again: the same job, marked as a replay
        ApiResponse<ReexportSummary> replayed = api.createReexportWithHttpInfo(xlsxOfReportA(), key);
        assertEquals(202, replayed.getStatusCode());
        assertEquals(id, replayed.getData().getReexportId());
        assertEquals(List.of("true"), replayed.getHeaders().get("idempotent-replayed"));

        Reexport done = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.getReexport(id), r -> r.getStatus() == Reexport.StatusEnum.COMPLETED
                        || r.getStatus() == Reexport.StatusEnum.FAILED);
        assertEquals(Reexport.StatusEnum.COMPLETED, done.getStatus(), done::getErrorMessage);
        assertNotNull(done.getCompletedAt());
        assertTrue(done.getOutputFileRef().endsWith(".xlsx"), done.getOutputFileRef());
        assertEquals(ExportParams.LocaleEnum.EN_GB, done.getExportParams().getLocale());
        assertEquals(Boolean.FALSE, done.getNotified());

        File file = api.downloadReexportFile(id);
        byte[] bytes = Files.readAllBytes(file.toPath());
        assertEquals(done.getOutputFileSizeBytes().longValue(), bytes.length);
        assertArrayEquals(new byte[]{'P', 'K', 3, 4}, java.util.Arrays.copyOf(bytes, 4), "an xlsx is a zip");

        ReexportPage page = api.listReexports(20, 1, REPORT_A, Tokens.USER_A, before, null, List.of("completed"));
        assertTrue(page.getData().stream().anyMatch(s -> s.getReexportId().equals(id)), page.toString());
        assertTrue(page.getData().stream().allMatch(s -> s.getStatus() == ReexportSummary.StatusEnum.COMPLETED
                && s.getReportId().equals(REPORT_A)), page.toString());
        assertEquals(1, page.getPagination().getPage());
        assertEquals(20, page.getPagination().getLimit());
        ReexportPage pending = api.listReexports(1, 1, REPORT_A, null, before, null, List.of("pending", "processing"));
        assertTrue(pending.getData().stream().noneMatch(s -> s.getReexportId().equals(id)), pending.toString());

        Reexport notified = reexports(Tokens.operator()).updateReexport(id, new UpdateReexportRequest().notified(true), null);
        assertEquals(Boolean.TRUE, notified.getNotified());
        assertEquals(Reexport.StatusEnum.COMPLETED, notified.getStatus());
        assertEquals(Boolean.TRUE, api.getReexport(id).getNotified());

        ReportPage reports = new ReportsApi(client(Tokens.userA())).listReports(100, 1);
        assertTrue(reports.getData().stream().anyMatch(r -> r.getReportId().equals(REPORT_A)));
    }

    @Test
    void cancelsAPendingJob() throws Exception {
        String id = ReexportApiTest.pendingJob(Tokens.ORG_A, REPORT_A);
        ReexportsApi api = reexports(Tokens.userA());
        Reexport pending = api.getReexport(id);
        assertEquals(Reexport.StatusEnum.PENDING, pending.getStatus());
        assertNull(pending.getCompletedAt(), "nullable in the document, null in the SDK");
        assertNull(pending.getOutputFileRef());

        CancelledReexport cancelled = api.cancelReexport(id, null);
        assertEquals(id, cancelled.getReexportId());
        assertEquals(Boolean.TRUE, cancelled.getCancelled());
        assertNotNull(cancelled.getCancelledAt());
        assertEquals(Reexport.StatusEnum.CANCELLED, api.getReexport(id).getStatus());
        assertEquals(cancelled.getCancelledAt(), api.cancelReexport(id, null).getCancelledAt(), "the same answer again");
    }

    @Test
    void problemsSurfaceAsApiExceptionsWithTheProblemDetails() throws Exception {
        ReexportsApi api = reexports(Tokens.userA());

        Problem notFound = assertProblem(404, () -> api.getReexport("reexp_01KA2L5P6Q7R8S9T0U1V2W3X"));
        assertEquals("/api/v1/report-reexports/reexp_01KA2L5P6Q7R8S9T0U1V2W3X", notFound.getInstance());
        assertEquals(Problem.CodeEnum.NOT_FOUND, notFound.getCode());

        String pending = ReexportApiTest.pendingJob(Tokens.ORG_A, REPORT_A);
        Problem notYet = assertProblem(409, () -> api.downloadReexportFile(pending));
        assertTrue(notYet.getDetail().contains("pending"), notYet.getDetail());
        assertEquals(Problem.CodeEnum.FILE_NOT_READY, notYet.getCode());
        api.cancelReexport(pending, null);
        Problem transition = assertProblem(409, () -> reexports(Tokens.operator())
                .updateReexport(pending, new UpdateReexportRequest().status(UpdateReexportRequest.StatusEnum.PROCESSING), null));
        assertEquals(Problem.CodeEnum.STATUS_TRANSITION_NOT_ALLOWED, transition.getCode());

        String key = "sdk-" + UUID.randomUUID();
        api.createReexport(xlsxOfReportA(), key);
        Problem reused = assertProblem(422, () -> api.createReexport(xlsxOfReportA().notifyOnCompletion(true), key));
        assertTrue(reused.getDetail().contains(key), reused.getDetail());
        assertEquals(Problem.CodeEnum.IDEMPOTENCY_KEY_REUSED, reused.getCode());

        Problem invalid = assertProblem(400, () -> api.listReexports(1000, null, null, null, null, null, null));
        assertFalse(invalid.getErrors().isEmpty());
        assertEquals("limit", invalid.getErrors().get(0).getField());
        assertEquals(Problem.CodeEnum.VALIDATION, invalid.getCode());

        ApiException anonymous = assertThrows(ApiException.class, () -> reexports(null).listReexports(null, null, null, null, null, null, null));
        assertEquals(401, anonymous.getCode());
        assertTrue(anonymous.getResponseHeaders().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
        assertEquals(401, problem(anonymous).getStatus());
        assertEquals(Problem.CodeEnum.UNAUTHORIZED, problem(anonymous).getCode());
        assertEquals(Problem.CodeEnum.FORBIDDEN,
                assertProblem(403, () -> reexports(Tokens.readerA()).createReexport(xlsxOfReportA(), null)).getCode());
    }
}
