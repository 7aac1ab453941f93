package no.grantreports.reexport.config;

import jakarta.ws.rs.core.Application;
import no.grantreports.reexport.problem.Problem;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Contact;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.servers.Server;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** API-wide OpenAPI metadata: the bearer scheme and the shared problem responses. */
@OpenAPIDefinition(
        info = @Info(title = "Report re-export service", version = "1.0.0",
                description = "Re-export historical grant reports in another format or language, follow the job, "
                        + "download the file. Errors are RFC 9457 problem details (application/problem+json) with a "
                        + "machine-readable code.",
                contact = @Contact(name = "Report re-export service team", url = "https://grantreports.no/reexport"),
                license = @License(name = "Proprietary", url = "https://grantreports.no/reexport/terms")),
        // relative: the document is served by the service itself, behind whatever origin the caller used
        servers = @Server(url = "/", description = "The deployment that served this document (local, staging or production alike)",
                extensions = @Extension(name = "x-internal", value = "false", parseValue = true)),
        components = @Components(
                securitySchemes = @SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP,
                        scheme = "bearer", bearerFormat = "JWT",
                        description = "JWT (RS256), verified as RFC8725 recommends (fixed algorithm, issuer and expiry checked), "
                                + "with sub, org_id and groups (reexport:read, reexport:write, reexport:operate)"),
                responses = {
                        @APIResponse(name = "BadRequest", responseCode = "400", description = "Invalid request",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "Unauthorized", responseCode = "401", description = "Missing or invalid bearer token",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "Forbidden", responseCode = "403", description = "The token lacks the required role",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "NotFound", responseCode = "404", description = "No such job or report in your organisation",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "Conflict", responseCode = "409", description = "Not allowed in the job's current status",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "Unprocessable", responseCode = "422", description = "The document parsed but breaks the model; errors point at each bad element",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "PreconditionFailed", responseCode = "412", description = "If-Match does not match the job's current ETag",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "Gone", responseCode = "410", description = "The file was deleted by retention",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "PayloadTooLarge", responseCode = "413",
                                description = "The request body is larger than the endpoint accepts (64 KiB by default "
                                        + "for job requests, 512 MiB for report documents); nothing was read on or changed",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "UnsupportedMediaType", responseCode = "415", description = "Body is not application/json",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "ServerError", responseCode = "500", description = "Unexpected failure",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "TooManyRequests", responseCode = "429",
                                description = "The job queue is full; nothing was created. Retry after the Retry-After "
                                        + "seconds (an estimate from the queue's drain rate). A replay of an "
                                        + "Idempotency-Key is still answered.",
                                headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying",
                                        schema = @Schema(type = SchemaType.INTEGER, minimum = "1")),
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "ServiceUnavailable", responseCode = "503",
                                description = "This instance is momentarily overloaded (too many requests in progress, "
                                        + "or no database connection available); nothing was changed. Retry after the "
                                        + "Retry-After seconds.",
                                headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying",
                                        schema = @Schema(type = SchemaType.INTEGER, minimum = "1")),
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                }))
public class OpenApiDefinition extends Application {
}
