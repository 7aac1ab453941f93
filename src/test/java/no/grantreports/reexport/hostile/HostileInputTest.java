package no.grantreports.reexport.hostile;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import no.grantreports.reexport.testsupport.TestIds;
import no.grantreports.reexport.testsupport.DatabaseSnapshot;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input against every endpoint: each case must be answered with a 4xx problem
 * (application/problem+json, RFC 9457), never a 5xx, and must leave the database exactly as it was.
 * {@code HostileInputIT} runs the same cases against the packaged application.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
public class HostileInputTest {

    static final String JOBS = "/api/v1/report-reexports";
    static final String DOUBLED = JOBS + JOBS;
    static final String REPORTS = "/api/v1/reports";
    static final String REPORT_A = "rpt_01HX9K2M3N4P5Q6R7S8T9U0V";
    static final String PROBLEM = "application/problem+json";
    static final int JOB_BODY_LIMIT = 64 * 1024;

    /** What came back, from RestAssured or a hand-written request. */
    public record Reply(int status, String contentType, String body, Map<String, String> headers) {
        static Reply of(Response response) {
            Map<String, String> headers = new LinkedHashMap<>();
            response.getHeaders().forEach(h -> headers.put(h.getName().toLowerCase(), h.getValue()));
            return new Reply(response.statusCode(), response.contentType(), response.asString(), headers);
        }
    }

    record Case(Set<Integer> expected, Supplier<Reply> request) {
    }

    // ---------------------------------------------------------------- fixtures (rows no worker will touch)

    private static final class Fixtures {
        /** A pending job parked for a day: a hostile PUT or DELETE must not move it. */
        static final String PARKED = TestIds.next();
        /** A completed job with a file ref (no file): only 'notified' could ever change. */
        static final String DONE = TestIds.next();
        private static boolean inserted;

        static synchronized void insert() {
            if (inserted) {
                return;
            }
            TestDatabase.insertJob(PARKED, REPORT_A, Tokens.ORG_A, "pending", Instant.now());
            TestDatabase.insertJob(DONE, REPORT_A, Tokens.ORG_A, "pending", Instant.now());
            TestDatabase.update("UPDATE reexport_job SET status = 'completed', completed_at = now(), "
                    + "output_file_ref = 'reports/org_bufdir_oslo_42/reexports/hostile.xlsx', output_file_size_bytes = 10 "
                    + "WHERE reexport_id = ?", DONE);
            inserted = true;
        }
    }

    // ---------------------------------------------------------------- requests

    static RequestSpecification as(String token) {
        // Quarkus records every request for its log-on-failure; pretty-printing a body nested 30,000
        // deep there needs gigabytes (an OutOfMemoryError of the test JVM). Failures print name,
        // status and body anyway.
        RequestSpecification request = given().config(RestAssured.config()
                .logConfig(RestAssured.config().getLogConfig().enablePrettyPrinting(false)));
        return token == null ? request : request.auth().oauth2(token);
    }

    static Supplier<Reply> call(Function<RequestSpecification, Response> request, String token) {
        return () -> Reply.of(request.apply(as(token)));
    }

    static Supplier<Reply> postJson(String path, String json) {
        return call(r -> r.contentType(ContentType.JSON).body(json).post(path), Tokens.userA());
    }

    static Supplier<Reply> postBytes(String path, byte[] body) {
        return call(r -> r.contentType("application/json").body(body).post(path), Tokens.userA());
    }

    static Supplier<Reply> putJob(String json) {
        return () -> Reply.of(as(Tokens.operator()).contentType(ContentType.JSON).body(json).put(JOBS + "/" + Fixtures.PARKED));
    }

    static Supplier<Reply> putJobBytes(byte[] body) {
        return () -> Reply.of(as(Tokens.operator()).contentType("application/json").body(body).put(JOBS + "/" + Fixtures.PARKED));
    }

    static Supplier<Reply> putReport(String reportId, String json) {
        return call(r -> r.contentType(ContentType.JSON).body(json).put(REPORTS + "/" + reportId), Tokens.operator());
    }

    static Supplier<Reply> putReportBytes(String reportId, byte[] body) {
        return call(r -> r.contentType("application/json").body(body).put(REPORTS + "/" + reportId), Tokens.operator());
    }

    static Supplier<Reply> get(String path, String token) {
        return call(r -> r.urlEncodingEnabled(false).get(path), token);
    }

    static Supplier<Reply> getQuery(String path, String name, String value) {
        return call(r -> r.queryParam(name, value).get(path), Tokens.userA());
    }

    static Supplier<Reply> raw(String method, String path, String token, RawHttp.Body mode, byte[] body, long declared) {
        return () -> RawHttp.send(method, path.getBytes(StandardCharsets.ISO_8859_1),
                Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"), mode, body, declared);
    }

    static Supplier<Reply> rawPath(byte[] path) {
        return () -> RawHttp.send("GET", path, Map.of("Authorization", "Bearer " + Tokens.userA()), RawHttp.Body.EXACT,
                new byte[0], 0);
    }

    static byte[] bytes(String prefix, byte[] middle, String suffix) {
        byte[] a = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] c = suffix.getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(a, a.length + middle.length + c.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }

    /** A JSON document of about {@code size} bytes that is valid up to the point where it gets too long. */
    static byte[] bigJson(int size) {
        return ("{\"report_id\": \"" + "x".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    static String nested(int depth) {
        return "{\"report_id\": \"" + REPORT_A + "\", \"export_params\": " + "[".repeat(depth) + "]".repeat(depth) + "}";
    }

    static String report(String reportId, String title) {
        return """
                {"report_id": "%s", "org_id": "org_bufdir_oslo_42", "report_type": "grant_final_report",
                 "title": %s, "period": {"from": "2025-01-01", "to": "2025-12-31"},
                 "submitted_at": "2026-01-15T08:00:00Z", "submitted_by": "user_x",
                 "sections": [{"key": "budget", "title": "Budget", "kind": "table",
                   "columns": [{"key": "post", "title": "Post", "type": "text"}], "rows": [["Rent"]]}],
                 "annexes": []}""".formatted(reportId, title);
    }

    // ---------------------------------------------------------------- the cases

    static final Map<String, Case> CASES = new LinkedHashMap<>();

    static void add(String name, Supplier<Reply> request, Integer... expected) {
        if (CASES.put(name, new Case(Set.of(expected), request)) != null) {
            throw new IllegalStateException("duplicate case " + name);
        }
    }

    static {
        String job = JOBS + "/";
        // Malformed and truncated JSON
        add("POST truncated JSON", postJson(JOBS, "{\"report_id\": \"rpt_01HX9K2M"), 400);
        add("POST trailing comma", postJson(JOBS, "{\"report_id\": \"" + REPORT_A + "\",}"), 400);
        add("POST not JSON", postJson(JOBS, "report_id=" + REPORT_A), 400);
        add("POST empty body", postJson(JOBS, ""), 400);
        add("POST JSON null", postJson(JOBS, "null"), 400);
        add("POST JSON array", postJson(JOBS, "[]"), 400);
        add("POST two documents", postJson(JOBS, "{\"report_id\": \"" + REPORT_A + "\"} {}"), 400);
        add("POST single quotes", postJson(JOBS, "{'report_id': '" + REPORT_A + "'}"), 400);
        add("POST comment", postJson(JOBS, "/* hi */ {\"report_id\": \"" + REPORT_A + "\"}"), 400);
        add("POST duplicate keys", postJson(JOBS, "{\"report_id\": \"rpt_nope\", \"report_id\": \"" + REPORT_A + "\", \"export_params\": {\"format\": \"pdf\"}}"), 400);
        add("PUT truncated JSON", putJob("{\"status\": \"fail"), 400);
        add("PUT report truncated JSON", putReport("rpt_HOSTILE_1", "{\"report_id\": \"rpt_HOSTILE_1\", \"sections\": ["), 400, 422);
        add("PUT report not JSON", putReport("rpt_HOSTILE_1", "<report/>"), 400);
        add("PUT report empty", putReport("rpt_HOSTILE_1", ""), 400, 422);
        // Wrong types
        add("POST report_id number", postJson(JOBS, "{\"report_id\": 12}"), 400);
        add("POST export_params string", postJson(JOBS, "{\"report_id\": \"" + REPORT_A + "\", \"export_params\": \"xlsx\"}"), 400);
        add("POST include_annexes 1", postJson(JOBS, "{\"report_id\": \"" + REPORT_A + "\", \"export_params\": {\"include_annexes\": 1}}"), 400);
        add("POST notify string", postJson(JOBS, "{\"report_id\": \"" + REPORT_A + "\", \"notify_on_completion\": \"yes\"}"), 400);
        add("POST unknown field", postJson(JOBS, "{\"report_id\": \"" + REPORT_A + "\", \"priority\": 1}"), 400);
        add("POST format not allowed", postJson(JOBS, "{\"report_id\": \"" + REPORT_A + "\", \"export_params\": {\"format\": \"../xlsx\"}}"), 400);
        add("PUT status number", putJob("{\"status\": 3}"), 400);
        add("PUT status unknown", putJob("{\"status\": \"done\"}"), 400);
        add("PUT size as string", putJob("{\"output_file_size_bytes\": \"12\"}"), 400);
        add("PUT size negative", putJob("{\"output_file_size_bytes\": -1}"), 400);
        add("PUT size beyond long", putJob("{\"output_file_size_bytes\": 99999999999999999999999}"), 400);
        add("PUT size fraction", putJob("{\"output_file_size_bytes\": 1.5}"), 400);
        add("PUT size 1e400", putJob("{\"output_file_size_bytes\": 1e400}"), 400);
        add("PUT size NaN", putJob("{\"output_file_size_bytes\": NaN}"), 400);
        add("PUT notified string", putJob("{\"notified\": \"true\"}"), 400);
        add("PUT completed_at word", putJob("{\"completed_at\": \"yesterday\"}"), 400);
        add("PUT completed_at Feb 30", putJob("{\"completed_at\": \"2026-02-30T10:00:00Z\"}"), 400);
        add("PUT completed_at year 999999999", putJob("{\"completed_at\": \"+999999999-12-31T23:59:59Z\"}"), 400);
        add("PUT completed_at year -5000", putJob("{\"completed_at\": \"-5000-01-01T00:00:00Z\"}"), 400);
        add("PUT completed_at number", putJob("{\"completed_at\": 1700000000}"), 400);
        add("PUT empty object", putJob("{}"), 400);
        add("PUT report wrong types", putReport("rpt_HOSTILE_1", "{\"report_id\": 5, \"sections\": \"none\"}"), 400, 422);
        add("PUT report title number", putReport("rpt_HOSTILE_1", report("rpt_HOSTILE_1", "42")), 400, 422);
        // Deep nesting, long strings, long numbers
        add("POST nested 2000 deep", postJson(JOBS, nested(2_000)), 400);
        add("POST nested 30000 deep", postJson(JOBS, nested(30_000)), 400);
        add("PUT nested 5000 deep", putJob("{\"notified\": " + "[".repeat(5_000) + "]".repeat(5_000) + "}"), 400);
        add("PUT report nested 5000 deep", putReport("rpt_HOSTILE_1", report("rpt_HOSTILE_1", "[".repeat(5_000) + "]".repeat(5_000))), 400, 422);
        add("PUT report nested 100000 deep", putReport("rpt_HOSTILE_1", "{\"sections\": " + "[".repeat(100_000)), 400, 422);
        add("POST report_id 10000 chars", postJson(JOBS, "{\"report_id\": \"" + "r".repeat(10_000) + "\"}"), 400);
        add("PUT error_message 3000 chars", putJob("{\"error_message\": \"" + "e".repeat(3_000) + "\"}"), 400);
        add("PUT file ref 5000 chars", putJob("{\"output_file_ref\": \"" + "f/".repeat(2_500) + "\"}"), 400);
        add("PUT number 5000 digits", putJob("{\"output_file_size_bytes\": " + "9".repeat(5_000) + "}"), 400);
        add("PUT report id 200 chars", putReport("r".repeat(200), report("r".repeat(200), "\"T\"")), 400);
        add("PUT report title 100k chars, broken doc", putReport("rpt_HOSTILE_1", "{\"title\": \"" + "t".repeat(100_000) + "\", \"period\": 1}"), 400, 422);
        add("PUT report 5000-digit cell", putReport("rpt_HOSTILE_1", report("rpt_HOSTILE_1", "\"T\"").replace("[[\"Rent\"]]", "[[" + "9".repeat(5_000) + "]]")), 400, 422);
        // Invalid UTF-8 and characters PostgreSQL cannot store
        add("POST invalid UTF-8", postBytes(JOBS, bytes("{\"report_id\": \"rpt_", new byte[]{(byte) 0xC3, 0x28}, "\"}")), 400);
        add("POST overlong UTF-8", postBytes(JOBS, bytes("{\"report_id\": \"rpt_", new byte[]{(byte) 0xC0, (byte) 0xAF}, "\"}")), 400);
        add("POST Latin-1 bytes", postBytes(JOBS, bytes("{\"report_id\": \"rpt_", new byte[]{(byte) 0xE6, (byte) 0xF8, (byte) 0xE5}, "\"}")), 400);
        add("PUT invalid UTF-8 in error_message", putJobBytes(bytes("{\"error_message\": \"bad ", new byte[]{(byte) 0xFF, (byte) 0xFE}, "\"}")), 400);
        add("PUT lone surrogate in error_message", putJob("{\"error_message\": \"half \\uD800 a pair\"}"), 400);
        add("PUT NUL in error_message", putJob("{\"error_message\": \"nul \\u0000 here\"}"), 400);
        add("PUT NUL in file ref", putJob("{\"output_file_ref\": \"reports/a\\u0000.xlsx\"}"), 400);
        String doc = report("rpt_HOSTILE_1", "\"T\"");
        add("PUT report invalid UTF-8 in a cell", putReportBytes("rpt_HOSTILE_1", bytes(doc.substring(0, doc.indexOf("Rent")),
                new byte[]{(byte) 0xC3, 0x28}, doc.substring(doc.indexOf("Rent")))), 400, 422);
        add("PUT report invalid UTF-8 in a title", putReportBytes("rpt_HOSTILE_1", bytes("{\"report_id\": \"rpt_HOSTILE_1\", \"title\": \"", new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}")), 400, 422);
        add("PUT report NUL in a title", putReport("rpt_HOSTILE_1", report("rpt_HOSTILE_1", "\"nul \\u0000\"")), 400, 422);
        add("PUT report lone surrogate in a cell", putReport("rpt_HOSTILE_1", report("rpt_HOSTILE_1", "\"T\"").replace("\"Rent\"", "\"\\uDC00\"")), 400, 422);
        add("GET invalid UTF-8 in path", rawPath(bytes(job, new byte[]{(byte) 0xC3, 0x28}, "")), 400, 404);
        add("GET percent-encoded invalid UTF-8", get(job + "reexp_%C3%28", Tokens.userA()), 400, 404);
        add("GET list invalid UTF-8 in filter", get(JOBS + "?report_id=%FF%FE", Tokens.userA()), 400);
        // SQL injection
        add("GET id SQL injection", get(job + "x'%20OR%20'1'='1", Tokens.userA()), 400, 404);
        add("GET id SQL injection with semicolon", get(job + "reexp_1;DROP%20TABLE%20reexport_job", Tokens.userA()), 400, 404);
        add("GET file SQL injection", get(job + "x'%20OR%201=1--/file", Tokens.userA()), 400, 404);
        add("DELETE SQL injection", call(r -> r.urlEncodingEnabled(false).delete(job + "x'%20OR%20'1'='1"), Tokens.userA()), 400, 404);
        add("PUT id SQL injection", call(r -> r.urlEncodingEnabled(false).contentType(ContentType.JSON).body("{\"notified\": true}")
                .put(job + "x'%20OR%20'1'='1"), Tokens.operator()), 400, 404);
        add("list report_id SQL injection", getQuery(JOBS, "report_id", "' OR '1'='1"), 400);
        add("list requested_by SQL injection", getQuery(JOBS, "requested_by", "x'; DELETE FROM reexport_job; --"), 400);
        add("list status SQL injection", getQuery(JOBS, "status", "pending' OR 1=1 --"), 400);
        add("list requested_from SQL injection", getQuery(JOBS, "requested_from", "2026-01-01T00:00:00Z' OR '1'='1"), 400);
        add("POST report_id SQL injection", postJson(JOBS, "{\"report_id\": \"rpt'; DROP TABLE report_snapshot; --\"}"), 400);
        add("POST report_id of another org", postJson(JOBS, "{\"report_id\": \"rpt_01HZ4C8D9E0F1G2H3J4K5M6N\"}"), 404);
        add("GET report SQL injection", get(REPORTS + "/x'%20OR%20'1'='1", Tokens.userA()), 400, 404);
        add("PUT report id SQL injection", call(r -> r.urlEncodingEnabled(false).contentType(ContentType.JSON)
                .body(report("x", "\"T\"")).put(REPORTS + "/x';DELETE%20FROM%20report_row;--"), Tokens.operator()), 400);
        add("PUT report key SQL injection", putReport("rpt_HOSTILE_1", report("rpt_HOSTILE_1", "\"T\"").replace("\"budget\"", "\"b'); DELETE FROM report_row; --\"")), 400, 422);
        // Path traversal
        add("GET id traversal", get(job + "..%2F..%2F..%2Fetc%2Fpasswd", Tokens.userA()), 400, 404);
        add("GET file traversal", get(job + "..%2F..%2Fetc%2Fpasswd/file", Tokens.userA()), 400, 404);
        add("GET file dot-dot id", get(job + "%2E%2E/file", Tokens.userA()), 400, 404);
        add("GET report traversal", get(REPORTS + "/..%2F..%2Fetc%2Fpasswd", Tokens.userA()), 400, 404);
        add("PUT report id traversal", call(r -> r.urlEncodingEnabled(false).contentType(ContentType.JSON).body(report("x", "\"T\""))
                .put(REPORTS + "/..%2F..%2Fsecrets"), Tokens.operator()), 400, 404);
        add("PUT file ref parent", putJob("{\"output_file_ref\": \"../../etc/passwd\"}"), 400);
        add("PUT file ref absolute", putJob("{\"output_file_ref\": \"/etc/passwd\"}"), 400);
        add("PUT file ref inner parent", putJob("{\"output_file_ref\": \"reports/../../../etc/passwd\"}"), 400);
        add("PUT file ref backslashes", putJob("{\"output_file_ref\": \"..\\\\..\\\\windows\\\\win.ini\"}"), 400);
        add("PUT file ref blank", putJob("{\"output_file_ref\": \"   \"}"), 400);
        add("PUT file ref empty segment", putJob("{\"output_file_ref\": \"reports/org_bufdir_oslo_42//x.xlsx\"}"), 400);
        add("PUT file ref dot segment", putJob("{\"output_file_ref\": \"reports/org_bufdir_oslo_42/./x.xlsx\"}"), 400);
        add("PUT file ref trailing slash", putJob("{\"output_file_ref\": \"reports/org_bufdir_oslo_42/\"}"), 400);
        add("PUT file ref of another organisation", putJob("{\"output_file_ref\": \"reports/org_frivillig_bergen_7/reexports/x.xlsx\"}"), 422);
        add("PUT completes with another organisation's file", putJob("{\"status\": \"completed\", \"output_file_ref\": "
                + "\"reports/org_frivillig_bergen_7/reexports/x.xlsx\", \"output_file_size_bytes\": 1}"), 422);
        add("PUT file ref outside reports/", putJob("{\"output_file_ref\": \"org_bufdir_oslo_42/x.xlsx\"}"), 422);
        add("PUT completed_at before requested_at", putJob("{\"status\": \"completed\", \"output_file_ref\": "
                + "\"reports/org_bufdir_oslo_42/reexports/x.xlsx\", \"output_file_size_bytes\": 1, \"completed_at\": \"2001-01-01T00:00:00Z\"}"), 422);
        add("PUT completes with traversal ref", putJob("{\"status\": \"completed\", \"output_file_ref\": \"reports/../../x\", \"output_file_size_bytes\": 1}"), 400);
        add("PUT report annex traversal", putReport("rpt_HOSTILE_1", report("rpt_HOSTILE_1", "\"T\"").replace("\"annexes\": []",
                "\"annexes\": [{\"annex_id\": \"../../etc\", \"title\": \"x\", \"file_name\": \"a\", \"content_type\": \"text/plain\", \"size_bytes\": 1}]")), 400, 422);
        // Unknown query parameters, invalid dates, page and limit extremes
        add("list unknown parameter", getQuery(JOBS, "sort", "requested_at"), 400);
        add("list unknown parameter org_id", getQuery(JOBS, "org_id", Tokens.ORG_B), 400);
        add("reports list unknown parameter", getQuery(REPORTS, "org_id", Tokens.ORG_B), 400);
        add("list date word", getQuery(JOBS, "requested_from", "yesterday"), 400);
        add("list date Feb 30", getQuery(JOBS, "requested_to", "2026-02-30T00:00:00Z"), 400);
        add("list date without zone", getQuery(JOBS, "requested_to", "2026-02-01T00:00:00"), 400);
        add("list date year 999999999", getQuery(JOBS, "requested_from", "+999999999-12-31T23:59:59Z"), 400);
        add("list date year -999999999", getQuery(JOBS, "requested_to", "-999999999-01-01T00:00:00Z"), 400);
        add("list from after to", call(r -> r.queryParam("requested_from", "2026-02-01T00:00:00Z")
                .queryParam("requested_to", "2026-01-01T00:00:00Z").get(JOBS), Tokens.userA()), 400);
        add("list status unknown", getQuery(JOBS, "status", "pending,done"), 400);
        add("list page 0", getQuery(JOBS, "page", "0"), 400);
        add("list page -1", getQuery(JOBS, "page", "-1"), 400);
        add("list page 2^31", getQuery(JOBS, "page", "2147483648"), 400);
        add("list page 2^31-1", getQuery(JOBS, "page", "2147483647"), 400);
        add("list page 30 digits", getQuery(JOBS, "page", "9".repeat(30)), 400);
        add("list page 1e3", getQuery(JOBS, "page", "1e3"), 400);
        add("list page hex", getQuery(JOBS, "page", "0x10"), 400);
        add("list limit 0", getQuery(JOBS, "limit", "0"), 400);
        add("list limit 101", getQuery(JOBS, "limit", "101"), 400);
        add("list limit 1000000", getQuery(JOBS, "limit", "1000000"), 400);
        add("list limit -2^31", getQuery(JOBS, "limit", "-2147483648"), 400);
        add("reports page 0", getQuery(REPORTS, "page", "0"), 400);
        add("reports page 2^31", getQuery(REPORTS, "page", "2147483648"), 400);
        add("reports limit 101", getQuery(REPORTS, "limit", "101"), 400);
        add("reports limit abc", getQuery(REPORTS, "limit", "abc"), 400);
        // Tokens
        add("no Authorization", get(JOBS, null), 401);
        add("garbage bearer", call(r -> r.header("Authorization", "Bearer not.a.token").get(JOBS), null), 401);
        add("empty bearer", call(r -> r.header("Authorization", "Bearer ").get(JOBS), null), 401);
        add("Basic credentials", call(r -> r.header("Authorization", "Basic dXNlcjpwYXNz").get(JOBS), null), 401);
        add("forged signature", get(JOBS, Tokens.forgedSignature()), 401);
        add("swapped signature", get(JOBS, Tokens.swappedSignature()), 401);
        add("expired", get(JOBS, Tokens.expired()), 401);
        add("not yet valid", get(JOBS, Tokens.notYetValid()), 401);
        add("alg none", get(JOBS, Tokens.unsigned(true)), 401);
        add("unsigned without dot", get(JOBS, Tokens.unsigned(false)), 401);
        add("HS256 with the public key", get(JOBS, Tokens.hs256WithThePublicKey()), 401);
        add("another issuer", get(JOBS, Tokens.fromAnotherIssuer()), 401);
        add("forged token POST", call(r -> r.contentType(ContentType.JSON).body("{\"report_id\": \"" + REPORT_A + "\"}").post(JOBS),
                Tokens.forgedSignature()), 401);
        add("alg none PUT", call(r -> r.contentType(ContentType.JSON).body("{\"status\": \"cancelled\"}").put(JOBS + "/" + Fixtures.PARKED),
                Tokens.unsigned(true)), 401);
        add("expired DELETE", call(r -> r.delete(JOBS + "/" + Fixtures.PARKED), Tokens.expired()), 401);
        add("another issuer report PUT", putReportAs(Tokens.fromAnotherIssuer()), 401);
        add("HS256 file download", get(JOBS + "/" + Fixtures.DONE + "/file", Tokens.hs256WithThePublicKey()), 401);
        add("sub claim 129 characters", get(JOBS, Tokens.token("u".repeat(129), Tokens.ORG_A, "reexport:read")), 401);
        add("org_id claim 65 characters", get(JOBS, Tokens.token(Tokens.USER_A, "o".repeat(65), "reexport:read")), 401);
        add("operator org_id claim 65 characters with a key", call(r -> r.header("Idempotency-Key", "long-org").contentType(ContentType.JSON)
                .body("{\"report_id\": \"" + REPORT_A + "\"}").post(JOBS), Tokens.token("ops", "o".repeat(65), "reexport:operate")), 401);
        add("sub claim 1000 characters POST", call(r -> r.contentType(ContentType.JSON).body("{\"report_id\": \"" + REPORT_A + "\"}")
                .post(JOBS), Tokens.token("u".repeat(1_000), Tokens.ORG_A, "reexport:write")), 401);
        add("report submitted_by 129 characters", putReport("rpt_HOSTILE_1", report("rpt_HOSTILE_1", "\"T\"").replace("\"user_x\"",
                "\"" + "s".repeat(129) + "\"")), 422);
        add("no roles", get(JOBS, Tokens.withoutRoles()), 403);
        add("reader POSTs", call(r -> r.contentType(ContentType.JSON).body("{\"report_id\": \"" + REPORT_A + "\"}").post(JOBS), Tokens.readerA()), 403);
        add("writer PUTs", call(r -> r.contentType(ContentType.JSON).body("{\"status\": \"cancelled\"}").put(JOBS + "/" + Fixtures.PARKED), Tokens.userA()), 403);
        add("writer ingests a report", putReportAs(Tokens.userA()), 403);
        add("other organisation cancels", call(r -> r.delete(JOBS + "/" + Fixtures.PARKED), Tokens.userB()), 404);
        add("other organisation downloads", get(JOBS + "/" + Fixtures.DONE + "/file", Tokens.userB()), 404);
        // Body limits
        add("POST declares 10 MB", raw("POST", JOBS, Tokens.userA(), RawHttp.Body.DECLARED_ONLY, null, 10L << 20), 413);
        add("POST declares limit + 1", raw("POST", JOBS, Tokens.userA(), RawHttp.Body.DECLARED_ONLY, null, JOB_BODY_LIMIT + 1), 413);
        add("POST chunked 100 KB", raw("POST", JOBS, Tokens.userA(), RawHttp.Body.CHUNKED, bigJson(100_000), 0), 413);
        add("PUT chunked 80 KB", raw("PUT", JOBS + "/" + Fixtures.PARKED, Tokens.operator(), RawHttp.Body.CHUNKED, bigJson(80_000), 0), 413);
        add("DELETE with a chunked 100 KB body", raw("DELETE", JOBS + "/" + Fixtures.PARKED, Tokens.userA(), RawHttp.Body.CHUNKED, bigJson(100_000), 0), 413);
        add("POST 100 KB with its length", raw("POST", JOBS, Tokens.userA(), RawHttp.Body.EXACT, bigJson(100_000), 0), 413);
        add("POST without a token declares 10 MB", () -> RawHttp.send("POST", JOBS.getBytes(StandardCharsets.US_ASCII),
                Map.of("Content-Type", "application/json"), RawHttp.Body.DECLARED_ONLY, null, 10L << 20), 413);
        add("POST just under the limit, invalid", raw("POST", JOBS, Tokens.userA(), RawHttp.Body.CHUNKED,
                ("{\"report_id\": \"" + REPORT_A + "\", \"export_params\": {\"format\": \"pdf\"}}" + " ".repeat(60_000)).getBytes(StandardCharsets.UTF_8), 0), 400);
        add("PUT report declares 600 MB", raw("PUT", REPORTS + "/rpt_HOSTILE_1", Tokens.operator(), RawHttp.Body.DECLARED_ONLY, null, 600L << 20), 413);
        add("PUT report 100 KB invalid", putReport("rpt_HOSTILE_1", "{\"report_id\": \"rpt_HOSTILE_1\", \"pad\": \"" + "p".repeat(100_000) + "\"}"), 400, 422);
        // HTTP/2 cleartext, by prior knowledge and by Upgrade, has the same limits.
        for (Http2.Mode mode : Http2.Mode.values()) {
            String h2 = "h2c " + mode.name().toLowerCase().replace('_', ' ');
            add(h2 + " POST 100 KB without a length", () -> Http2.send(mode, "POST", JOBS, Tokens.userA(), 100_000, null), 413);
            add(h2 + " PUT 80 KB without a length", () -> Http2.send(mode, "PUT", JOBS + "/" + Fixtures.PARKED, Tokens.operator(),
                    80_000, null), 413);
            add(h2 + " DELETE with 100 KB", () -> Http2.send(mode, "DELETE", JOBS + "/" + Fixtures.PARKED, Tokens.userA(),
                    100_000, null), 413);
        }
        // Declared lengths far beyond the limit: Vert.x's client sends all of an upgrade request's body before
        // it reads, and the service reads at most a megabyte more of a refused body (EdgeHardeningTest has
        // the 150 MB Upgrade), so these go by prior knowledge, where the stream alone is reset.
        add("h2c prior knowledge POST declares 10 MB", () -> Http2.send(Http2.Mode.PRIOR_KNOWLEDGE, "POST", JOBS, Tokens.userA(),
                10L << 20, 10L << 20), 413);
        add("h2c prior knowledge PUT report declares 600 MB", () -> Http2.send(Http2.Mode.PRIOR_KNOWLEDGE, "PUT",
                REPORTS + "/rpt_HOSTILE_1", Tokens.operator(), 600L << 20, 600L << 20), 413);
        // The doubled contract path gets the same treatment
        add("doubled POST truncated", postJson(DOUBLED, "{\"report_id\":"), 400);
        add("doubled POST chunked 100 KB", raw("POST", DOUBLED, Tokens.userA(), RawHttp.Body.CHUNKED, bigJson(100_000), 0), 413);
        add("doubled POST declares 10 MB", raw("POST", DOUBLED, Tokens.userA(), RawHttp.Body.DECLARED_ONLY, null, 10L << 20), 413);
        add("doubled GET traversal", get(DOUBLED + "/..%2F..%2Fetc%2Fpasswd", Tokens.userA()), 400, 404);
        add("doubled list SQL injection", getQuery(DOUBLED, "report_id", "' OR '1'='1"), 400);
        add("doubled list unknown parameter", getQuery(DOUBLED, "debug", "true"), 400);
        add("doubled PUT invalid UTF-8", call(r -> r.contentType("application/json")
                .body(bytes("{\"error_message\": \"", new byte[]{(byte) 0xC3, 0x28}, "\"}")).put(DOUBLED + "/" + Fixtures.PARKED), Tokens.operator()), 400);
        add("doubled forged token", get(DOUBLED, Tokens.forgedSignature()), 401);
        add("doubled file of a pending job", get(DOUBLED + "/" + Fixtures.PARKED + "/file", Tokens.userA()), 409);
        // Media types, methods, headers
        add("POST text/plain", call(r -> r.contentType("text/plain").body("{\"report_id\": \"" + REPORT_A + "\"}").post(JOBS), Tokens.userA()), 415);
        add("POST form", call(r -> r.contentType("application/x-www-form-urlencoded").body("report_id=" + REPORT_A).post(JOBS), Tokens.userA()), 415);
        add("PUT report XML", call(r -> r.contentType("application/xml").body("<r/>").put(REPORTS + "/rpt_HOSTILE_1"), Tokens.operator()), 415);
        add("PATCH job", call(r -> r.contentType(ContentType.JSON).body("{}").patch(JOBS + "/" + Fixtures.PARKED), Tokens.operator()), 405);
        add("DELETE report", call(r -> r.delete(REPORTS + "/" + REPORT_A), Tokens.operator()), 405);
        add("Idempotency-Key 300 chars", call(r -> r.header("Idempotency-Key", "k".repeat(300)).contentType(ContentType.JSON)
                .body("{\"report_id\": \"" + REPORT_A + "\"}").post(JOBS), Tokens.userA()), 400);
        add("Idempotency-Key with spaces", call(r -> r.header("Idempotency-Key", "a key; DROP TABLE idempotency_key").contentType(ContentType.JSON)
                .body("{\"report_id\": \"" + REPORT_A + "\"}").post(JOBS), Tokens.userA()), 400);
        add("If-Match stale on DELETE", call(r -> r.header("If-Match", "\"999999\"").delete(JOBS + "/" + Fixtures.PARKED), Tokens.userA()), 412);
        add("DELETE completed", call(r -> r.delete(JOBS + "/" + Fixtures.DONE), Tokens.userA()), 409);
        add("PUT completed back to pending", call(r -> r.contentType(ContentType.JSON).body("{\"status\": \"pending\"}")
                .put(JOBS + "/" + Fixtures.DONE), Tokens.operator()), 409);
        add("PUT completing without a file", putJob("{\"status\": \"completed\"}"), 400);
    }

    static Supplier<Reply> putReportAs(String token) {
        return call(r -> r.contentType(ContentType.JSON).body(report("rpt_HOSTILE_2", "\"T\"")).put(REPORTS + "/rpt_HOSTILE_2"), token);
    }

    static Stream<String> cases() {
        return CASES.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithAProblemAndChangesNothing(String name) {
        Case hostile = CASES.get(name);
        System.out.println("hostile case: " + name);
        Fixtures.insert();
        DatabaseSnapshot.awaitQuiet();
        DatabaseSnapshot before = DatabaseSnapshot.take();

        Reply reply = hostile.request().get();

        assertTrue(hostile.expected().contains(reply.status()),
                name + ": expected " + hostile.expected() + " but got " + reply.status() + " " + reply.body());
        assertTrue(reply.contentType() != null && reply.contentType().startsWith(PROBLEM),
                name + ": not a problem response: " + reply.contentType() + " " + reply.body());
        JsonPath problem = JsonPath.from(reply.body());
        assertEquals(reply.status(), problem.getInt("status"), name);
        assertNotNull(problem.getString("title"), name);
        assertNotNull(problem.getString("detail"), name);
        assertFalse(reply.body().contains("Exception"), name + ": leaks internals: " + reply.body());
        if (reply.status() == 401) {
            assertEquals("Bearer", reply.headers().get("www-authenticate"), name);
        }
        assertEquals(before, DatabaseSnapshot.take(), name + ": the database changed");
    }

    /**
     * The one refusal without a problem body: Quarkus' HTTP layer answers a broken percent-encoding
     * with an empty 400 before any route of this service runs (docs/operations.md, "Hostile input and limits").
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {JOBS + "/%zz", JOBS + "?status=%zz", REPORTS + "/%zz", JOBS + "/%"})
    void aBrokenPercentEncodingIsRefusedBeforeTheApiAndChangesNothing(String uri) {
        Fixtures.insert();
        DatabaseSnapshot.awaitQuiet();
        DatabaseSnapshot before = DatabaseSnapshot.take();

        Reply reply = rawPath(uri.getBytes(StandardCharsets.US_ASCII)).get(); // HTTP clients refuse to send such a URI

        assertEquals(400, reply.status(), uri + ": " + reply.body());
        assertFalse(reply.body().contains("Exception"), uri + ": leaks internals: " + reply.body());
        assertEquals(before, DatabaseSnapshot.take(), uri + ": the database changed");
    }

    /** Lists every case name, so a report shows what was covered. */
    static String names() {
        return CASES.keySet().stream().collect(Collectors.joining("\n"));
    }
}
