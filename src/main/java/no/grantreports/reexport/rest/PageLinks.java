package no.grantreports.reexport.rest;

import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The RFC 8288 {@code Link} header of a list response: first, prev, next and last pages, as the
 * request's own path and query with another {@code page} (relative, like Location: behind an ingress
 * the service cannot know its public origin).
 */
public final class PageLinks {

    public static final String HEADER = "Link";
    public static final String DESCRIPTION = "RFC 8288 links to the first, prev, next and last pages (prev and next "
            + "only where such a page exists): the request's path and query with another page number";

    private PageLinks() {
    }

    public static String header(UriInfo uriInfo, int page, int limit, long total) {
        long last = Math.max(1, (total + limit - 1) / limit);
        List<String> links = new ArrayList<>(4);
        links.add(link(uriInfo, 1, "first"));
        if (page > 1) {
            links.add(link(uriInfo, Math.min(page - 1, last), "prev"));
        }
        if (page < last) {
            links.add(link(uriInfo, page + 1, "next"));
        }
        links.add(link(uriInfo, last, "last"));
        return String.join(", ", links);
    }

    private static String link(UriInfo uriInfo, long page, String rel) {
        URI uri = uriInfo.getRequestUriBuilder().replaceQueryParam("page", page).build();
        return "<" + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + ">; rel=\"" + rel + "\"";
    }
}
