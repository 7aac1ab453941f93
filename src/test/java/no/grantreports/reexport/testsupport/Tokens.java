package no.grantreports.reexport.testsupport;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
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

    // ---------------------------------------------------------------- tokens that must be refused

    /** Organisation A's reader and writer claims, issued by the trusted issuer, not yet signed. */
    private static JwtClaimsBuilder claimsA() {
        return Jwt.issuer(TestEnvironment.ISSUER).subject(USER_A).upn(USER_A)
                .groups(Set.of("reexport:read", "reexport:write")).claim("org_id", ORG_A);
    }

    /** Right claims, signed with a key the service has never seen. */
    public static String forgedSignature() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return claimsA().sign(generator.generateKeyPair().getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid token whose signature part was replaced by another token's. */
    public static String swappedSignature() {
        String genuine = userA();
        String other = operator();
        return genuine.substring(0, genuine.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));
    }

    public static String expired() {
        Instant now = Instant.now();
        return claimsA().issuedAt(now.minusSeconds(7200)).expiresAt(now.minusSeconds(3600)).sign();
    }

    public static String notYetValid() {
        Instant now = Instant.now();
        return claimsA().issuedAt(now).claim("nbf", now.plusSeconds(3600).getEpochSecond())
                .expiresAt(now.plusSeconds(7200)).sign();
    }

    public static String fromAnotherIssuer() {
        return claimsA().issuer("https://attacker.example").sign();
    }

    /** {@code alg: none}: the claims of a valid token with no signature at all. */
    public static String unsigned(boolean trailingDot) {
        String genuine = userA();
        String payload = genuine.split("\\.")[1];
        String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        return header + "." + payload + (trailingDot ? "." : "");
    }

    /** The classic confusion attack: HS256 with the service's public key as the HMAC secret. */
    public static String hs256WithThePublicKey() {
        try (InputStream in = Tokens.class.getResourceAsStream("/jwt/test-public.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return claimsA().jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.HS256)
                    .signWithSecret(pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Valid, but with no roles at all. */
    public static String withoutRoles() {
        return Jwt.issuer(TestEnvironment.ISSUER).subject(USER_A).claim("org_id", ORG_A).sign();
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
