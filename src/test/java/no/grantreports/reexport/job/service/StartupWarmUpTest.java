package no.grantreports.reexport.job.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14 item 6: with the fast-start warm-up, the queries a cold instance serves first are parsed
 * before readiness turns UP, so the first list request (and its count) parses no HQL. The
 * background tasks are held back (reexport.startup.scheduler-delay), as in the serverless profile,
 * so only the warm-up and the requests run queries here. Hibernate's statistics count each HQL
 * parse as a query plan cache miss.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
@TestProfile(StartupWarmUpTest.WarmUpOn.class)
class StartupWarmUpTest {

    public static class WarmUpOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reexport.startup.warm-up", "true",
                    "reexport.startup.scheduler-delay", "10m",
                    "quarkus.hibernate-orm.statistics", "true");
        }
    }

    @Inject
    Mutiny.SessionFactory sessions;

    @Test
    void theFirstListRequestParsesNoQueryAfterTheWarmUp() {
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'warm-up' }.status", equalTo("UP"));
        Statistics statistics = sessions.getStatistics();
        long parsedAtStart = statistics.getQueryPlanCacheMissCount();
        assertTrue(parsedAtStart >= 4, "the warm-up parsed the report lookups, the list and its count: " + parsedAtStart);

        // The kept count is a native query, which Hibernate does not cache (a miss each time, nothing to
        // parse); so the first pages must miss exactly as often as the same pages asked again, warm.
        firstListPages();
        long first = statistics.getQueryPlanCacheMissCount() - parsedAtStart;
        firstListPages();
        long again = statistics.getQueryPlanCacheMissCount() - parsedAtStart - first;
        assertEquals(again, first, "the first list pages parse no query the warm-up left for them");
    }

    private static void firstListPages() {
        given().auth().oauth2(Tokens.userB()).get("/api/v1/report-reexports?limit=20").then().statusCode(200);
        given().auth().oauth2(Tokens.userB()).get("/api/v1/report-reexports").then().statusCode(200);
    }
}
