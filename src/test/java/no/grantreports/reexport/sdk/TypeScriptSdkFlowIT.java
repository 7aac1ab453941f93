package no.grantreports.reexport.sdk;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import no.grantreports.reexport.job.rest.ReexportApiTest;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TypeScript client generated from the committed snapshot (typescript-fetch, compiled with its own
 * tsconfig.json) drives the packaged application through src/test/sdk-ts/flow/flow.ts: create and replay,
 * completed_at null while pending, poll, download, list with a status filter and its Link header, update with
 * If-Match and 412, cancel, typed problems switched on by code. The flow is compiled in pre-integration-test
 * (exec-maven-plugin, pom.xml); this test owns the application's start-up and the data the flow needs.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(TestEnvironment.class)
class TypeScriptSdkFlowIT {

    static final Path FLOW = Path.of("target/sdk-ts/flow/js/flow.js");
    static final Path OUTPUT = Path.of("target/sdk-ts/flow-output.txt");

    @Test
    void theGeneratedTypeScriptClientRunsTheWholeFlow() throws Exception {
        assertTrue(Files.exists(FLOW), FLOW + " is missing: it is compiled by the sdk-ts-compile-flow execution "
                + "(./mvnw verify, needs node and npm)");
        ProcessBuilder node = new ProcessBuilder("node", FLOW.toString()).redirectErrorStream(true);
        node.environment().put("BASE_URL", RestAssured.baseURI + ":" + RestAssured.port);
        node.environment().put("USER_TOKEN", Tokens.userA());
        node.environment().put("OPERATOR_TOKEN", Tokens.operator());
        node.environment().put("REPORT_ID", ReexportApiTest.REPORT_A);
        // Jobs that stay pending (next attempt a day away), so the flow can see one and cancel one
        node.environment().put("PENDING_ID", ReexportApiTest.pendingJob(Tokens.ORG_A, ReexportApiTest.REPORT_A));
        node.environment().put("CANCELLABLE_ID", ReexportApiTest.pendingJob(Tokens.ORG_A, ReexportApiTest.REPORT_A));

        Process process = node.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the flow did not end:\n" + output);
        Files.createDirectories(OUTPUT.getParent());
        Files.writeString(OUTPUT, output, StandardCharsets.UTF_8);

        assertEquals(0, process.exitValue(), output);
        for (String step : List.of("ok create 202 ", "completed_at=null", "ok replay answers the same job",
                "ok completed ", "ok download ", "ok list status=completed", "rel=\"first\"",
                "ok update with If-Match", "412 code=precondition_failed", "ok cancel ",
                "409 code=reexport_not_cancellable type=https://grantreports.no/problems/reexport-not-cancellable",
                "400 code=validation errors[0].field=limit", "TypeScript SDK flow passed")) {
            assertTrue(output.contains(step), "missing '" + step + "' in:\n" + output);
        }
    }
}
