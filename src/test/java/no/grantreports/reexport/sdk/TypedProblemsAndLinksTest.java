package no.grantreports.reexport.sdk;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import no.grantreports.reexport.testsupport.TestIds;
import no.grantreports.reexport.job.rest.ReexportApiTest;
import no.grantreports.reexport.problem.ProblemType;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each kind of problem answers its own code and type URI (issue 13); list responses carry RFC 8288 links. */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class TypedProblemsAndLinksTest {

    static final String BASE = "/api/v1/report-reexports";

    static void assertKind(Response response, ProblemType kind) {
        response.then().statusCode(kind.status()).contentType("application/problem+json")
                .body("code", equalTo(kind.code()))
                .body("type", equalTo(kind.uri()))
                .body("status", equalTo(kind.status()));
    }

    static String jobIn(String status) {
        String id = ReexportApiTest.pendingJob(Tokens.ORG_A, ReexportApiTest.REPORT_A);
        TestDatabase.update("UPDATE reexport_job SET status = ? WHERE reexport_id = ?", status, id);
        return id;
    }

    @Test
    void eachKindOfProblemHasItsCodeAndType() {
        assertKind(given().auth().oauth2(Tokens.userA()).get(BASE + "/" + TestIds.next()), ProblemType.NOT_FOUND);
        assertKind(given().get(BASE), ProblemType.UNAUTHORIZED);
        assertKind(given().auth().oauth2(Tokens.readerA()).contentType(ContentType.JSON).body("{}").post(BASE),
                ProblemType.FORBIDDEN);
        assertKind(given().auth().oauth2(Tokens.userA()).queryParam("limit", 1000).get(BASE), ProblemType.VALIDATION);
        assertKind(given().auth().oauth2(Tokens.userA()).contentType(ContentType.JSON).body("{").post(BASE),
                ProblemType.MALFORMED_REQUEST);
        assertKind(given().auth().oauth2(Tokens.userA()).contentType(ContentType.TEXT).body("x").post(BASE),
                ProblemType.UNSUPPORTED_MEDIA_TYPE);

        // Three different 409s, told apart by code instead of prose
        String completed = jobIn("completed");
        assertKind(given().auth().oauth2(Tokens.userA()).delete(BASE + "/" + completed), ProblemType.REEXPORT_NOT_CANCELLABLE);
        String pending = ReexportApiTest.pendingJob(Tokens.ORG_A, ReexportApiTest.REPORT_A);
        assertKind(given().auth().oauth2(Tokens.userA()).get(BASE + "/" + pending + "/file"), ProblemType.FILE_NOT_READY);
        assertKind(given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body("{\"status\": \"pending\"}")
                .put(BASE + "/" + completed), ProblemType.STATUS_TRANSITION_NOT_ALLOWED);

        assertKind(given().auth().oauth2(Tokens.operator()).header("If-Match", "\"stale\"").contentType(ContentType.JSON)
                .body("{\"notified\": true}").put(BASE + "/" + completed), ProblemType.PRECONDITION_FAILED);
        assertKind(given().auth().oauth2(Tokens.userA()).delete(BASE + "/" + completed + "/file"),
                ProblemType.METHOD_NOT_ALLOWED);
    }

    /** rel -> the link's query parameters (decoded), asserting each link is the list's own path. */
    static Map<String, Map<String, String>> links(Response response, String path) {
        Map<String, Map<String, String>> links = new TreeMap<>();
        Matcher link = Pattern.compile("<([^>]*)>; rel=\"([a-z]+)\"").matcher(response.header("Link"));
        while (link.find()) {
            URI uri = URI.create(link.group(1));
            assertEquals(path, uri.getPath(), link.group());
            Map<String, String> query = new TreeMap<>();
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            links.put(link.group(2), query);
        }
        return links;
    }

    @Test
    void listsLinkTheirFirstPrevNextAndLastPages() {
        // Five jobs alone in a window of time of their own
        Instant from = Instant.parse("1990-01-01T00:00:00Z").plus(ThreadLocalRandom.current().nextInt(3_000), ChronoUnit.DAYS);
        for (int i = 0; i < 5; i++) {
            TestDatabase.insertJob(TestIds.next(), ReexportApiTest.REPORT_A, Tokens.ORG_A, "pending", from.plusSeconds(i));
        }
        Map<String, String> window = Map.of("requested_from", from.toString(), "requested_to", from.plusSeconds(60).toString());
        Response middle = given().auth().oauth2(Tokens.userA()).queryParams(window).queryParam("limit", 2).queryParam("page", 2)
                .get(BASE);
        middle.then().statusCode(200).body("pagination.total", equalTo(5)).body("data.size()", equalTo(2));
        Map<String, Map<String, String>> links = links(middle, BASE);
        assertEquals(Set.of("first", "prev", "next", "last"), links.keySet(), middle.header("Link"));
        Map<String, String> pages = new TreeMap<>();
        links.forEach((rel, query) -> {
            Map<String, String> others = new TreeMap<>(query);
            pages.put(rel, others.remove("page"));
            assertEquals(new TreeMap<>(Map.of("limit", "2", "requested_from", from.toString(),
                    "requested_to", from.plusSeconds(60).toString())), others, "the same list, another page: " + rel);
        });
        assertEquals(Map.of("first", "1", "prev", "1", "next", "3", "last", "3"), pages);

        Response only = given().auth().oauth2(Tokens.userA()).queryParams(window).queryParam("limit", 5).get(BASE);
        assertEquals(Set.of("first", "last"), links(only, BASE).keySet(), "one page: no prev, no next");
        assertEquals("1", links(only, BASE).get("last").get("page"));

        Response reports = given().auth().oauth2(Tokens.userA()).queryParam("limit", 1).get("/api/v1/reports");
        reports.then().statusCode(200);
        Map<String, Map<String, String>> reportLinks = links(reports, "/api/v1/reports");
        assertEquals("1", reportLinks.get("first").get("page"));
        assertEquals(String.valueOf(reports.jsonPath().getLong("pagination.total")), reportLinks.get("last").get("page"));
    }
}
