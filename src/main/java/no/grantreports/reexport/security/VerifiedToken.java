package no.grantreports.reexport.security;

import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A verified token as {@link VerifiedTokenCache} keeps it: its claims are read from smallrye-jwt
 * once and then served from here. The token is immutable, and every request with it read the same
 * claims again: smallrye-jwt looks each claim name up as a {@code Claims} constant first, so a
 * custom claim such as {@code org_id} threw and caught an {@code IllegalArgumentException} on every
 * read (2 % of a GET's CPU in the profile), and {@code getGroups()} built a new set each time.
 */
final class VerifiedToken implements JsonWebToken {

    private final JsonWebToken token;
    private final String name;
    private final Set<String> claimNames;
    private final Set<String> groups;
    // absent claims are kept as empty, so a missing claim is looked up once too; the keys are the
    // names the service's code asks for, a handful
    private final ConcurrentHashMap<String, Optional<Object>> claims = new ConcurrentHashMap<>();

    VerifiedToken(JsonWebToken token) {
        this.token = token;
        this.name = token.getName();
        this.claimNames = token.getClaimNames() == null ? Set.of() : Set.copyOf(token.getClaimNames());
        this.groups = token.getGroups() == null ? Set.of() : Set.copyOf(token.getGroups());
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Set<String> getClaimNames() {
        return claimNames;
    }

    @Override
    public Set<String> getGroups() {
        return groups;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        return (T) claims.computeIfAbsent(claimName, n -> Optional.ofNullable(token.getClaim(n))).orElse(null);
    }

    @Override
    public String toString() {
        return token.toString();
    }
}
