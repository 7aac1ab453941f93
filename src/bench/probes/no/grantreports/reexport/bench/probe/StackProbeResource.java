package no.grantreports.reexport.bench.probe;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import no.grantreports.reexport.job.rest.CreateReexportRequest;
import no.grantreports.reexport.job.rest.ExportParams;
import no.grantreports.reexport.job.rest.Reexport;
import no.grantreports.reexport.job.rest.ReexportSummary;
import no.grantreports.reexport.problem.ProblemException;
import no.grantreports.reexport.security.Caller;
import no.grantreports.reexport.security.Roles;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Benchmark only (compiled into the application by {@code -Pbench}, never into a release): the
 * layers under M1 and M2, each answering the same JSON as the API, so {@code bench/run-all.sh} can
 * show what the stack costs before the service's own code runs.
 * <ul>
 * <li>{@code GET static}: Quarkus REST and Jackson, no token, no database;</li>
 * <li>{@code GET authenticated/{id}}: plus the bearer token and {@code @RolesAllowed}, as the API;</li>
 * <li>{@code GET sql/{id}}: plus pgbench's own SELECT through the reactive pg client (no Hibernate);</li>
 * <li>{@code POST sql}: the request body, the token and pgbench's own INSERT through the pg client.</li>
 * </ul>
 */
@Path("/bench-probes")
@Produces(MediaType.APPLICATION_JSON)
public class StackProbeResource {

    private static final String COLUMNS = "reexport_id, report_id, org_id, status, format, include_annexes, locale, "
            + "output_file_ref, output_file_size_bytes, requested_by, requested_at, completed_at, notified, "
            + "error_message, error_code, attempt";

    private final Pool pool;
    private final JsonWebToken token;

    public StackProbeResource(Pool pool, JsonWebToken token) {
        this.pool = pool;
        this.token = token;
    }

    @GET
    @Path("static")
    @PermitAll
    @Operation(hidden = true)
    public Uni<Reexport> staticJob() {
        return Uni.createFrom().item(sample("reexp_00000000000000000000000042", "org_bufdir_oslo_42"));
    }

    @GET
    @Path("authenticated/{id}")
    @RolesAllowed({Roles.READ, Roles.OPERATE})
    @Operation(hidden = true)
    public Uni<Reexport> authenticated(@RestPath String id) {
        return Uni.createFrom().item(sample(id, Caller.from(token).orgId()));
    }

    @GET
    @Path("sql/{id}")
    @RolesAllowed({Roles.READ, Roles.OPERATE})
    @Operation(hidden = true)
    public Uni<Reexport> sql(@RestPath String id) {
        Caller caller = Caller.from(token);
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM reexport_job WHERE reexport_id = $1 AND org_id = $2")
                .execute(Tuple.of(id, caller.orgId()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("Re-export " + id + " was not found.");
                    }
                    return toReexport(rows.iterator().next());
                });
    }

    @POST
    @Path("sql")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.WRITE, Roles.OPERATE})
    @Operation(hidden = true)
    public Uni<Response> create(CreateReexportRequest request) {
        Caller caller = Caller.from(token);
        ExportParams params = request.exportParams();
        // the statement of run-all.sh's insert.sql (pending, never due), with its own id prefix
        return pool.preparedQuery("INSERT INTO reexport_job (reexport_id, report_id, org_id, status, format, include_annexes, "
                        + "locale, notify_on_completion, requested_by, requested_at, updated_at, next_attempt_at) "
                        + "VALUES ('reexp_2' || lpad(nextval('bench_insert_seq')::text, 25, '0'), $1, $2, 'pending', $3, $4, $5, "
                        + "false, $6, now(), now(), 'infinity') RETURNING reexport_id, requested_at")
                .execute(Tuple.of(request.reportId(), caller.orgId(), params.format(), params.includeAnnexes(),
                        params.locale(), caller.subject()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    String id = row.getString(0);
                    return Response.accepted(new ReexportSummary(id, request.reportId(), caller.orgId(), "pending", params,
                                    null, caller.subject(), row.getOffsetDateTime(1).toInstant(), null, false))
                            .header("Location", "/api/v1/report-reexports/" + id).build();
                });
    }

    private static Reexport sample(String id, String orgId) {
        Instant at = Instant.parse("2026-11-28T07:15:12.911504Z");
        return new Reexport(id, "rpt_01HX9K2M3N4P5Q6R7S8T9U0V", orgId, "completed", new ExportParams("xlsx", false, "nb-NO"),
                "reports/" + orgId + "/reexports/seed_42.xlsx", 1000L, "user_09AXKL2", at, at, false, null, null, 1);
    }

    private static Reexport toReexport(Row row) {
        OffsetDateTime completedAt = row.getOffsetDateTime(11);
        return new Reexport(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
                new ExportParams(row.getString(4), row.getBoolean(5), row.getString(6)), row.getString(7), row.getLong(8),
                row.getString(9), row.getOffsetDateTime(10).toInstant(), completedAt == null ? null : completedAt.toInstant(),
                row.getBoolean(12), row.getString(13), row.getString(14), row.getInteger(15));
    }
}
