package no.grantreports.reexport.report.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import no.grantreports.reexport.problem.LimitedInputStream;
import no.grantreports.reexport.problem.Problem;
import no.grantreports.reexport.problem.ProblemException;
import no.grantreports.reexport.problem.QueryParameters;
import no.grantreports.reexport.problem.RequestBodyLimits;
import no.grantreports.reexport.report.service.ReportIngestionService;
import no.grantreports.reexport.report.service.ReportQueryService;
import no.grantreports.reexport.rest.PageLinks;
import no.grantreports.reexport.security.Caller;
import no.grantreports.reexport.security.Roles;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The historical reports that re-exports are made from. */
@Path("/api/v1/reports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reports", description = "Historical report snapshots")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
@APIResponse(responseCode = "500", ref = "ServerError")
@APIResponse(responseCode = "503", ref = "ServiceUnavailable")
public class ReportResource {

    private final ReportIngestionService ingestion;
    private final ReportQueryService queries;
    private final JsonWebToken token;
    private final RequestBodyLimits limits;

    public ReportResource(ReportIngestionService ingestion, ReportQueryService queries, JsonWebToken token,
                          RequestBodyLimits limits) {
        this.ingestion = ingestion;
        this.queries = queries;
        this.token = token;
        this.limits = limits;
    }

    @PUT
    @Path("{report_id}")
    @Blocking // streams the body into PostgreSQL; a report may have millions of rows
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATE)
    @Operation(operationId = "putReport", summary = "Create or replace a report snapshot",
            description = "The body is the report document (docs/report-model.md). Rows are streamed into the database in "
                    + "batches within one transaction; each replacement bumps the version.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ReportDocumentSchema.ReportDocument.class),
            examples = @ExampleObject(name = "report", value = ReportDocumentSchema.EXAMPLE)))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = StoredReport.class)))
    @APIResponse(responseCode = "200", description = "Replaced", content = @Content(schema = @Schema(implementation = StoredReport.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Response putReport(@Parameter(schema = @Schema(type = SchemaType.STRING, maxLength = 64))
                              @RestPath("report_id") String reportId, InputStream body) throws IOException {
        Caller.from(token);
        if (!reportId.matches("[A-Za-z0-9_.:@-]{1,64}")) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("report_id",
                    "is not a valid report id: letters, digits and _.:@- only, at most 64 characters")));
        }
        // A declared length is checked before the body is read (RequestBodyLimits); one sent without
        // a length (chunked, HTTP/2) is counted as it is read.
        ReportIngestionService.Stored stored = ingestion.replace(reportId, new LimitedInputStream(body, limits.reportLimit()));
        return Response.status(stored.created() ? 201 : 200)
                .header("Location", "/api/v1/reports/" + reportId)
                .entity(new StoredReport(reportId, stored.header().orgId(), stored.version(), stored.rows()))
                .build();
    }

    @GET
    @Path("{report_id}")
    @RolesAllowed({Roles.READ, Roles.OPERATE})
    @Operation(operationId = "getReport", summary = "Get a report snapshot of your organisation",
            description = "Its metadata and structure; table rows are counted (row_count), not repeated: export the report to get them.")
    @APIResponse(responseCode = "200", description = "The report", content = @Content(schema = @Schema(implementation = ReportView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<ReportView> getReport(@RestPath("report_id") String reportId) {
        return queries.get(Caller.from(token), reportId).map(ReportView::of);
    }

    @GET
    @RolesAllowed({Roles.READ, Roles.OPERATE})
    @Operation(operationId = "listReports", summary = "List report snapshots of your organisation, newest submission first",
            description = "Metadata and structure of each report (table rows are not repeated); pages of 1 to 100.")
    @APIResponse(responseCode = "200", description = "One page of reports",
            headers = @Header(name = PageLinks.HEADER, description = PageLinks.DESCRIPTION, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportPage.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<RestResponse<ReportPage>> listReports(
            UriInfo uriInfo,
            @Parameter(description = "Page number, from 1", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000000", defaultValue = "1")) @RestQuery String page,
            @Parameter(description = "Page size, 1 to 100", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20")) @RestQuery String limit) {
        Caller caller = Caller.from(token);
        List<Problem.FieldError> unknown = uriInfo.getQueryParameters().keySet().stream()
                .filter(name -> !name.equals("page") && !name.equals("limit")).sorted()
                .map(name -> new Problem.FieldError(name, "unknown query parameter; allowed: limit, page")).toList();
        if (!unknown.isEmpty()) {
            throw ProblemException.invalid(unknown);
        }
        int pageNumber = bounded("page", page, 1, 1, 1_000_000);
        int pageSize = bounded("limit", limit, 20, 1, 100);
        return queries.list(caller, pageNumber, pageSize).map(result -> RestResponse.ResponseBuilder.ok(new ReportPage(
                        result.items().stream().map(ReportView::of).toList(),
                        new ReportPage.Pagination(pageNumber, pageSize, result.total())))
                .header(PageLinks.HEADER, PageLinks.header(uriInfo, pageNumber, pageSize, result.total()))
                .build());
    }

    private static int bounded(String name, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        return QueryParameters.wholeNumber(value, min, max).orElseThrow(() -> ProblemException.invalid(
                List.of(new Problem.FieldError(name, QueryParameters.rangeMessage(min, max)))));
    }

    @Schema(name = "StoredReport", requiredProperties = {"report_id", "org_id", "version", "rows"})
    // Native image: returned inside a Response (or nested in one), so Quarkus does not register it by itself
    @RegisterForReflection
    public record StoredReport(@Schema(example = "rpt_01HX9K2M3N4P5Q6R7S8T9U0V") String report_id,
                               @Schema(example = "org_bufdir_oslo_42") String org_id,
                               @Schema(example = "2") int version,
                               @Schema(description = "Table rows stored", example = "1000000") long rows) {
    }

    @Schema(name = "ReportPage", requiredProperties = {"data", "pagination"})
    public record ReportPage(List<ReportView> data, Pagination pagination) {
        @Schema(name = "ReportPagination", requiredProperties = {"page", "limit", "total"})
        // Native image: returned inside a Response (or nested in one), so Quarkus does not register it by itself
        @RegisterForReflection
        public record Pagination(int page, int limit, long total) {
        }
    }
}
