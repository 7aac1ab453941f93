package no.grantreports.reexport.job.rest;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The contract's listing repeats the base path ({@code /api/v1/report-reexports/api/v1/report-reexports}).
 * Clients built literally from it are served by rerouting to the canonical path, so both reach the
 * same handlers; the doubled form stays out of the OpenAPI document.
 */
@ApplicationScoped
public class DoubledPathRoute {

    static final String DOUBLED = ReexportResource.BASE_PATH + ReexportResource.BASE_PATH;

    void register(@Observes Router router) {
        router.routeWithRegex("^" + DOUBLED + "(/.*)?$").order(-1000).handler(ctx -> {
            String rest = ctx.normalizedPath().substring(DOUBLED.length());
            String query = ctx.request().query();
            ctx.reroute(ReexportResource.BASE_PATH + rest + (query == null ? "" : "?" + query));
        });
    }
}
