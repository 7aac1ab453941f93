package no.grantreports.reexport.security;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The bearer-token check goes through the cache, and a cached token does not vouch for a look-alike. */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
public class TokenCacheTest {

    private static final String LIST = "/api/v1/report-reexports";

    @Inject
    JWTParser parser;

    @Test
    void quarkusVerifiesTokensThroughTheCache() throws Exception {
        assertInstanceOf(VerifiedTokenCache.class, parser);
        String token = Tokens.userA();
        given().auth().oauth2(token).get(LIST).then().statusCode(200);
        // the request left the verified token in the cache: the same instance comes back
        assertSame(parser.parse(token), parser.parse(token));
    }

    @Test
    void aCachedTokenDoesNotVouchForItsSignatureSwappedOrForgedTwins() {
        String genuine = Tokens.userA();
        given().auth().oauth2(genuine).get(LIST).then().statusCode(200);

        String otherSignature = Tokens.operator();
        String swapped = genuine.substring(0, genuine.lastIndexOf('.')) + otherSignature.substring(otherSignature.lastIndexOf('.'));
        given().auth().oauth2(swapped).get(LIST).then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
        given().auth().oauth2(genuine + "x").get(LIST).then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(genuine).get(LIST).then().statusCode(200);
    }
}
