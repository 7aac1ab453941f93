package no.grantreports.reexport.testsupport;

import io.smallrye.jwt.build.Jwt;

import java.util.Set;

/** Bearer tokens signed with the test key. */
public final class Tokens {

    public static final String ORG_A = "org_bufdir_oslo_42";
    public static final String ORG_B = "org_frivillig_bergen_7";
    public static final String USER_A = "user_09AXKL2";
    public static final String USER_B = "user_BRG0007";

    private Tokens() {
    }

    public static String token(String subject, String orgId, String... roles) {
        var builder = Jwt.issuer(TestEnvironment.ISSUER).subject(subject).upn(subject).groups(Set.of(roles));
        if (orgId != null) {
            builder.claim("org_id", orgId);
        }
        return builder.sign();
    }

    /** Reader and writer of organisation A. */
    public static String userA() {
        return token(USER_A, ORG_A, "reexport:read", "reexport:write");
    }

    /** Reader and writer of organisation B. */
    public static String userB() {
        return token(USER_B, ORG_B, "reexport:read", "reexport:write");
    }

    public static String readerA() {
        return token(USER_A, ORG_A, "reexport:read");
    }

    public static String operator() {
        return token("ops_service", null, "reexport:operate");
    }
}
