package no.grantreports.reexport.job.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import no.grantreports.reexport.job.service.AdmissionControl;
import no.grantreports.reexport.job.service.ReexportCommands;
import no.grantreports.reexport.job.service.ReexportService;
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
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The re-export API. Also served at the doubled path of the contract's listing, see
 * {@link DoubledPathRoute}.
 */
@Path(ReexportResource.BASE_PATH)
@Produces(MediaType.APPLICATION_JSON)
// The tag names the generated SDK class (ReexportsApi); "Re-exports" would make it ReExportsApi.
@Tag(name = "Reexports", description = "Re-export historical reports and follow the jobs")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
@APIResponse(responseCode = "500", ref = "ServerError")
@APIResponse(responseCode = "503", ref = "ServiceUnavailable")
public class ReexportResource {

    public static final String BASE_PATH = "/api/v1/report-reexports";

    private final ReexportService service;
    private final FileDownloads downloads;
    private final JsonWebToken token;
    private final ObjectMapper mapper;
    private final AdmissionControl admission;

    public ReexportResource(ReexportService service, FileDownloads downloads, JsonWebToken token, ObjectMapper mapper,
                            AdmissionControl admission) {
        this.service = service;
        this.downloads = downloads;
        this.token = token;
        this.mapper = mapper;
        this.admission = admission;
    }

    @GET
    @RolesAllowed({Roles.READ, Roles.OPERATE})
    @Operation(operationId = "listReexports", summary = "List re-export jobs with status tracking",
            description = "Newest first (requested_at, then reexport_id, descending). Callers see their own "
                    + "organisation's jobs; operators see all.")
    @APIResponse(responseCode = "200", description = "One page of jobs",
            headers = @Header(name = PageLinks.HEADER, description = PageLinks.DESCRIPTION, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReexportPage.class),
                    examples = @ExampleObject(name = "contract", value = Examples.LIST_RESPONSE)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<RestResponse<ReexportPage>> listReexports(
            UriInfo uriInfo,
            @Parameter(description = "Page number, from 1", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "21474836", defaultValue = "1"))
            @RestQuery String page,
            @Parameter(description = "Page size, 1 to 100", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20"))
            @RestQuery String limit,
            @Parameter(description = "Only these statuses (repeat the parameter, or separate with commas)",
                    schema = @Schema(type = SchemaType.ARRAY, implementation = String.class,
                            enumeration = {"pending", "processing", "completed", "failed", "cancelled", "expired"}))
            @RestQuery List<String> status,
            @Parameter(name = "report_id", description = "Only jobs of this report",
                    schema = @Schema(type = SchemaType.STRING, maxLength = 128)) @RestQuery("report_id") String reportId,
            @Parameter(name = "requested_by", description = "Only jobs requested by this user",
                    schema = @Schema(type = SchemaType.STRING, maxLength = 128)) @RestQuery("requested_by") String requestedBy,
            @Parameter(name = "requested_from", description = "Requested at or after this instant (ISO-8601)",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @RestQuery("requested_from") String requestedFrom,
            @Parameter(name = "requested_to", description = "Requested at or before this instant (ISO-8601)",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @RestQuery("requested_to") String requestedTo) {
        Caller caller = Caller.from(token);
        var filter = RequestValidation.list(uriInfo.getQueryParameters().keySet(), caller.operator() ? null : caller.orgId(),
                page, limit, status, reportId, requestedBy, requestedFrom, requestedTo);
        return service.list(filter).map(result -> RestResponse.ResponseBuilder.ok(ReexportMapper.toPage(result, filter))
                .header(PageLinks.HEADER, PageLinks.header(uriInfo, filter.page(), filter.limit(), result.total()))
                .build());
    }

    @GET
    @Path("{reexport_id}")
    @RolesAllowed({Roles.READ, Roles.OPERATE})
    @Operation(operationId = "getReexport", summary = "Get status and result of a specific re-export job",
            description = "The job of your organisation (any job for operators). Poll it until its status is completed, "
                    + "failed or cancelled; while it is pending or processing, Retry-After says when to ask again.")
    @APIResponse(responseCode = "200", description = "The job. ETag: its version, for If-Match on PUT and DELETE; "
            + "Retry-After (seconds) while it is pending or processing.",
            headers = {@Header(name = "ETag", description = "The job's version, for If-Match", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Retry-After", description = "Seconds until it is worth asking again; only while the "
                            + "job is pending or processing", schema = @Schema(type = SchemaType.INTEGER))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Reexport.class),
                    examples = @ExampleObject(name = "contract", value = Examples.GET_RESPONSE)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RestResponse<Reexport>> getReexport(@Parameter(example = "reexp_01KA2L5P6Q7R8S9T0U1V2W3X") @RestPath("reexport_id") String reexportId) {
        return service.get(Caller.from(token), reexportId).map(job -> {
            RestResponse.ResponseBuilder<Reexport> response = RestResponse.ResponseBuilder.ok(ReexportMapper.toReexport(job))
                    .tag(Preconditions.etag(job));
            Integer retryAfter = Preconditions.retryAfter(job);
            if (retryAfter != null) {
                response.header(HttpHeaders.RETRY_AFTER, retryAfter);
            }
            return response.build();
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.WRITE, Roles.OPERATE})
    @Operation(operationId = "createReexport",
            summary = "Trigger a re-export of a historical report with optional parameter overrides",
            description = "Answers at once with the pending job; the file is built in the background. "
                    + "Follow the job at the Location header.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CreateReexportRequest.class),
            examples = @ExampleObject(name = "contract", value = Examples.CREATE_REQUEST)))
    @APIResponse(responseCode = "202", description = "Accepted: the job is pending",
            headers = {@Header(name = "Location", description = "Path of the new job", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Idempotent-Replayed", description = "true when this answers an earlier request with "
                            + "the same Idempotency-Key; absent otherwise", schema = @Schema(type = SchemaType.STRING, enumeration = "true"))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReexportSummary.class),
                    examples = @ExampleObject(name = "contract", value = Examples.CREATE_RESPONSE)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Uni<Response> createReexport(
            @Parameter(description = "Makes retries safe: the same key with the same body answers the job the first "
                    + "request created (202, same body, header Idempotent-Replayed: true); with another body, 422. "
                    + "Keys are kept at least 24 hours, per organisation (its users share them); at most 255 printable "
                    + "ASCII characters.",
                    schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 255, pattern = "^[\\x21-\\x7E]+$"))
            @RestHeader("Idempotency-Key") String idempotencyKey,
            CreateReexportRequest request) {
        Caller caller = Caller.from(token);
        ReexportCommands.Create command = RequestValidation.create(request);
        ReexportCommands.Idempotency idempotency = idempotencyKey == null ? null
                : new ReexportCommands.Idempotency(RequestValidation.idempotencyKey(idempotencyKey), hash(request));
        admission.enter(); // 503 when this instance has too many POSTs in progress
        return Uni.createFrom().deferred(() -> service.create(caller, command, idempotency))
                .onTermination().invoke(admission::leave)
                .map(created -> {
                    Response.ResponseBuilder response = Response.accepted(ReexportMapper.toCreatedSummary(created.job()))
                            // relative on purpose: behind an ingress the service cannot know its public origin
                            .header(HttpHeaders.LOCATION, BASE_PATH + "/" + created.job().id);
                    if (created.replayed()) {
                        response.header("Idempotent-Replayed", "true");
                    }
                    return response.build();
                });
    }

    /** Identifies a request body regardless of formatting: SHA-256 of its canonical JSON. */
    private String hash(CreateReexportRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(mapper.writeValueAsBytes(request));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @GET
    @Path("{reexport_id}/file")
    @Produces(MediaType.WILDCARD)
    @RolesAllowed({Roles.READ, Roles.OPERATE})
    @Operation(operationId = "downloadReexportFile", summary = "Download the file of a completed re-export",
            description = "Streams the file with its content type, length, an ETag and a Content-Disposition "
                    + "attachment name. 409 while the job is not completed; 410 once retention deleted the file.")
    @APIResponse(responseCode = "200", description = "The file",
            headers = {@Header(name = "Content-Disposition", description = "attachment, with the file name",
                            schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "ETag", description = "The file's version", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Content-Length", description = "The file's size in bytes", schema = @Schema(type = SchemaType.INTEGER))},
            content = {@Content(mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    schema = @Schema(type = SchemaType.STRING, format = "binary")),
                    @Content(mediaType = "application/zip", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                    @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
                            description = "The report as one JSON document (see docs)"))})
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "410", ref = "Gone")
    public Uni<Response> downloadReexportFile(@RestPath("reexport_id") String reexportId) {
        return service.downloadable(Caller.from(token), reexportId).flatMap(downloads::response);
    }

    @PUT
    @Path("{reexport_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATE)
    @Operation(operationId = "updateReexport",
            summary = "Update re-export job state (e.g. store result file ref, mark notification sent)",
            description = "Partial update for operators. Answers the full representation.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = UpdateReexportRequest.class),
            examples = @ExampleObject(name = "contract", value = Examples.UPDATE_REQUEST)))
    @APIResponse(responseCode = "200", description = "The updated job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Reexport.class),
                    examples = @ExampleObject(name = "contract", value = Examples.UPDATE_RESPONSE)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    public Uni<RestResponse<Reexport>> updateReexport(@RestPath("reexport_id") String reexportId,
                                                      @Parameter(description = "Only update if the job still has this ETag (412 otherwise)")
                                                      @RestHeader("If-Match") String ifMatch,
                                                      UpdateReexportRequest request) {
        Caller caller = Caller.from(token);
        RequestValidation.update(request);
        return service.update(caller, reexportId, ReexportMapper.toCommand(request), Preconditions.expectedVersion(ifMatch))
                .map(job -> RestResponse.ResponseBuilder.ok(ReexportMapper.toReexport(job)).tag(Preconditions.etag(job)).build());
    }

    @DELETE
    @Path("{reexport_id}")
    @ResponseStatus(200)
    @RolesAllowed({Roles.WRITE, Roles.OPERATE})
    @Operation(operationId = "cancelReexport", summary = "Cancel a pending re-export job",
            description = "Cancelling an already cancelled job answers the original cancellation again.")
    @APIResponse(responseCode = "200", description = "The job is cancelled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CancelledReexport.class),
                    examples = @ExampleObject(name = "contract", value = Examples.CANCEL_RESPONSE)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    public Uni<CancelledReexport> cancelReexport(@RestPath("reexport_id") String reexportId,
                                                 @Parameter(description = "Only cancel if the job still has this ETag (412 otherwise)")
                                                 @RestHeader("If-Match") String ifMatch) {
        return service.cancel(Caller.from(token), reexportId, Preconditions.expectedVersion(ifMatch)).map(ReexportMapper::toCancelled);
    }
}
