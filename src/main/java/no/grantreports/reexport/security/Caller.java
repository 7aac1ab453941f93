package no.grantreports.reexport.security;

import no.grantreports.reexport.problem.ProblemException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling: {@code sub} becomes {@code requested_by}, the {@code org_id} claim scopes
 * every query; an operator sees every organisation.
 */
public record Caller(String subject, String orgId, boolean operator) {

    public static final String ORG_CLAIM = "org_id";
    /** {@code reexport_job.requested_by} is varchar(128). */
    public static final int MAX_SUBJECT = 128;
    /** {@code org_id} columns (jobs, reports, idempotency keys) are varchar(64). */
    public static final int MAX_ORG_ID = 64;

    public static Caller from(JsonWebToken token) {
        String subject = token.getSubject();
        Object org = token.getClaim(ORG_CLAIM);
        boolean operator = token.getGroups().contains(Roles.OPERATE);
        String orgId = org == null ? null : org.toString().replace("\"", "");
        if (subject == null || subject.isBlank()) {
            throw ProblemException.forbidden("The token has no subject (sub claim).");
        }
        // Checked here, at the edge: a longer value would only fail later, in PostgreSQL, as a 500.
        checkLength("sub", subject, MAX_SUBJECT);
        if (orgId != null) {
            checkLength(ORG_CLAIM, orgId, MAX_ORG_ID);
        }
        if (!operator && (orgId == null || orgId.isBlank())) {
            throw ProblemException.forbidden("The token has no organisation (org_id claim).");
        }
        return new Caller(subject, orgId, operator);
    }

    private static void checkLength(String claim, String value, int max) {
        if (value.length() > max) {
            throw ProblemException.unauthorized("The token claim '" + claim + "' is too long: at most " + max
                    + " characters are accepted.");
        }
    }
}
