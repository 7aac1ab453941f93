package no.grantreports.reexport.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import no.grantreports.reexport.config.ReexportConfig;
import org.eclipse.microprofile.jwt.JsonWebToken;

import javax.crypto.SecretKey;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;

/**
 * The JWT parser Quarkus' bearer-token check uses, with the verified tokens kept: the RS256
 * signature check and claim parsing were a third of a GET's CPU, and a client sends the same token
 * many times. Only a token that passed every check of smallrye-jwt is kept, keyed by its exact
 * text, until its {@code exp} or the configured ttl, whichever comes first; a token that fails is
 * checked again each time. The cached token is immutable once built, so requests share it, and
 * its claims are read once ({@link VerifiedToken}).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {

    private final JWTParser delegate;
    private final Clock clock;
    private final Cache<String, JsonWebToken> verified;

    @Inject
    public VerifiedTokenCache(DefaultJWTParser delegate, ReexportConfig config) {
        this(delegate, config.security().tokenCache(), Clock.systemUTC(), Ticker.systemTicker());
    }

    VerifiedTokenCache(JWTParser delegate, ReexportConfig.Security.TokenCache settings, Clock clock, Ticker ticker) {
        this.delegate = delegate;
        this.clock = clock;
        Duration ttl = settings.ttl();
        // this builder's cache and node classes (SSMSA, PSWMS) are among those quarkus-caffeine
        // registers for native images
        this.verified = ttl.isZero() || ttl.isNegative() || settings.maxSize() <= 0 ? null
                : Caffeine.newBuilder()
                        .maximumSize(settings.maxSize())
                        .ticker(ticker)
                        .executor(Runnable::run) // maintenance on the caller: no hop to the common pool
                        .expireAfter(Expiry.<String, JsonWebToken>writing((token, jwt) -> lifetime(jwt, ttl)))
                        .build();
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        if (verified == null) {
            return delegate.parse(token);
        }
        JsonWebToken jwt = verified.getIfPresent(token);
        // the ticker-based expiry is the rule; the wall clock is checked too so an entry never outlives exp
        if (jwt != null && clock.instant().getEpochSecond() < jwt.getExpirationTime()) {
            return jwt;
        }
        jwt = new VerifiedToken(delegate.parse(token));
        verified.put(token, jwt);
        return jwt;
    }

    private Duration lifetime(JsonWebToken jwt, Duration ttl) {
        long exp = jwt.getExpirationTime();
        if (exp <= 0) {
            return ttl;
        }
        Duration untilExpiry = Duration.ofSeconds(exp).minusMillis(clock.millis());
        return untilExpiry.isNegative() ? Duration.ZERO : untilExpiry.compareTo(ttl) < 0 ? untilExpiry : ttl;
    }

    /** Tokens currently kept (for tests and diagnostics). */
    long size() {
        if (verified == null) {
            return 0;
        }
        verified.cleanUp();
        return verified.estimatedSize();
    }

    // Everything else verifies against explicit keys or contexts: never cached.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return delegate.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return delegate.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return delegate.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return delegate.parseOnly(token);
    }
}
