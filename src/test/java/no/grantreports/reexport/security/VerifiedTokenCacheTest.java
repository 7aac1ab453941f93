package no.grantreports.reexport.security;

import com.github.benmanes.caffeine.cache.Ticker;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import no.grantreports.reexport.config.ReexportConfig;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache may only ever save work: it never answers for a token smallrye-jwt would refuse now. */
class VerifiedTokenCacheTest {

    private static final Instant START = Instant.parse("2026-11-28T06:00:00Z");

    private final FakeTime time = new FakeTime();
    private final CountingParser verifier = new CountingParser();

    @Test
    void aTokenIsVerifiedOnceAndThenServedFromTheCache() throws Exception {
        VerifiedTokenCache cache = cache(Duration.ofMinutes(5), 100);
        verifier.accept("t1", START.plusSeconds(3600));

        JsonWebToken first = cache.parse("t1");
        JsonWebToken second = cache.parse("t1");

        assertSame(first, second);
        assertEquals("user-t1", second.getSubject());
        assertEquals(1, verifier.calls("t1"));
    }

    @Test
    void theClaimsOfACachedTokenAreReadOnce() throws Exception {
        VerifiedTokenCache cache = cache(Duration.ofMinutes(5), 100);
        verifier.accept("t1", START.plusSeconds(3600));

        for (int request = 0; request < 3; request++) {
            Caller caller = Caller.from(cache.parse("t1"));
            assertEquals(new Caller("user-t1", "org-t1", false), caller);
        }
        JsonWebToken token = cache.parse("t1");
        assertEquals(java.util.Set.of(Roles.READ, Roles.WRITE), token.getGroups());
        Object absent = token.getClaim("not_in_the_token");
        assertEquals(null, absent);
        absent = token.getClaim("not_in_the_token");
        assertEquals(null, absent);
        // smallrye-jwt reads a custom claim through an exception each time: once per token now
        assertEquals(1, verifier.claimReads.get(Caller.ORG_CLAIM));
        assertEquals(1, verifier.claimReads.get("not_in_the_token"));
        assertEquals(1, verifier.calls("t1"));
    }

    @Test
    void aRefusedTokenIsCheckedEveryTime() {
        VerifiedTokenCache cache = cache(Duration.ofMinutes(5), 100);

        assertThrows(ParseException.class, () -> cache.parse("forged"));
        assertThrows(ParseException.class, () -> cache.parse("forged"));
        assertEquals(2, verifier.calls("forged"));
        assertEquals(0, cache.size());
    }

    @Test
    void anEntryEndsWhenItsTokenExpires() throws Exception {
        VerifiedTokenCache cache = cache(Duration.ofMinutes(5), 100);
        verifier.accept("t1", START.plusSeconds(30));
        cache.parse("t1");

        time.advance(Duration.ofSeconds(31));
        verifier.refuse("t1"); // expired now: the verifier says no, and the cache must ask it
        assertThrows(ParseException.class, () -> cache.parse("t1"));
        assertEquals(2, verifier.calls("t1"));
    }

    @Test
    void anEntryEndsAfterTheTtlEvenIfTheTokenLivesLonger() throws Exception {
        VerifiedTokenCache cache = cache(Duration.ofMinutes(5), 100);
        verifier.accept("t1", START.plusSeconds(3600));
        cache.parse("t1");

        time.advance(Duration.ofMinutes(4));
        cache.parse("t1");
        assertEquals(1, verifier.calls("t1"));

        time.advance(Duration.ofMinutes(1).plusSeconds(1));
        cache.parse("t1");
        assertEquals(2, verifier.calls("t1"));
    }

    @Test
    void theWallClockAloneAlsoEndsAnEntryAtExp() throws Exception {
        VerifiedTokenCache cache = cache(Duration.ofMinutes(5), 100);
        verifier.accept("t1", START.plusSeconds(30));
        cache.parse("t1");

        time.advanceWallClockOnly(Duration.ofSeconds(30)); // e.g. the system clock was corrected
        cache.parse("t1");
        assertEquals(2, verifier.calls("t1"));
    }

    @Test
    void aZeroTtlTurnsTheCacheOff() throws Exception {
        VerifiedTokenCache cache = cache(Duration.ZERO, 100);
        verifier.accept("t1", START.plusSeconds(3600));
        cache.parse("t1");
        cache.parse("t1");
        assertEquals(2, verifier.calls("t1"));
    }

    @Test
    void theCacheHoldsAtMostMaxSizeTokens() throws Exception {
        VerifiedTokenCache cache = cache(Duration.ofMinutes(5), 3);
        for (int i = 0; i < 50; i++) {
            verifier.accept("t" + i, START.plusSeconds(3600));
            cache.parse("t" + i);
        }
        assertTrue(cache.size() <= 3, "size " + cache.size());
    }

    private VerifiedTokenCache cache(Duration ttl, int maxSize) {
        return new VerifiedTokenCache(verifier, new ReexportConfig.Security.TokenCache() {
            @Override
            public Duration ttl() {
                return ttl;
            }

            @Override
            public int maxSize() {
                return maxSize;
            }
        }, time.clock(), time);
    }

    /** Caffeine's ticker and the wall clock, moved by the test. */
    private static final class FakeTime implements Ticker {
        private long nanos;
        private Instant wall = START;

        @Override
        public long read() {
            return nanos;
        }

        void advance(Duration d) {
            nanos += d.toNanos();
            wall = wall.plus(d);
        }

        void advanceWallClockOnly(Duration d) {
            wall = wall.plus(d);
        }

        Clock clock() {
            return new Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return wall;
                }
            };
        }
    }

    /** Stands in for smallrye-jwt's parser: accepts the tokens it was told to, counts every call. */
    private static final class CountingParser implements JWTParser {
        private final Map<String, Instant> valid = new HashMap<>();
        private final Map<String, Integer> calls = new HashMap<>();
        /** Claim reads on the tokens this parser made, by claim name. */
        private final Map<String, Integer> claimReads = new java.util.concurrent.ConcurrentHashMap<>();

        void accept(String token, Instant exp) {
            valid.put(token, exp);
        }

        void refuse(String token) {
            valid.remove(token);
        }

        int calls(String token) {
            return calls.getOrDefault(token, 0);
        }

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            calls.merge(token, 1, Integer::sum);
            Instant exp = valid.get(token);
            if (exp == null) {
                throw new ParseException("refused");
            }
            JwtClaims claims = new JwtClaims();
            claims.setSubject("user-" + token);
            claims.setExpirationTime(NumericDate.fromSeconds(exp.getEpochSecond()));
            claims.setClaim(Caller.ORG_CLAIM, "org-" + token);
            claims.setStringListClaim("groups", Roles.READ, Roles.WRITE);
            return new DefaultJWTCallerPrincipal(token, "JWT", claims) {
                @Override
                public <T> T getClaim(String claimName) {
                    claimReads.merge(claimName, 1, Integer::sum);
                    return super.getClaim(claimName);
                }
            };
        }

        @Override
        public JsonWebToken parse(String token, JWTAuthContextInfo context) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken verify(String token, PublicKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken verify(String token, SecretKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken verify(String token, String secret) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, PrivateKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, SecretKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, String secret) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken parseOnly(String token) {
            throw new UnsupportedOperationException();
        }
    }
}
