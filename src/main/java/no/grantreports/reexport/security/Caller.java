package no.grantreports.reexport.security;

import no.grantreports.reexport.problem.ProblemException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling: {@code sub} becomes {@code requested_by}, the {@code org_id} claim scopes
 * every query; an operator sees every organisation.
 */
public record Caller(String subject, String orgId, boolean operator) {

    public static final String ORG_CLAIM = "org_id";

    public static Caller from(JsonWebToken token) {
        String subject = token.getSubject();
        Object org = token.getClaim(ORG_CLAIM);
        boolean operator = token.getGroups().contains(Roles.OPERATE);
        String orgId = org == null ? null : org.toString().replace("\"", "");
        if (subject == null || subject.isBlank()) {
            throw ProblemException.forbidden("The token has no subject (sub claim).");
        }
        if (!operator && (orgId == null || orgId.isBlank())) {
            throw ProblemException.forbidden("The token has no organisation (org_id claim).");
        }
        return new Caller(subject, orgId, operator);
    }
}
