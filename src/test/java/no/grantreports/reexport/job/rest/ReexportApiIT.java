package no.grantreports.reexport.job.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same contract tests against the packaged application (and, with -Dnative, the native binary). */
@QuarkusIntegrationTest
class ReexportApiIT extends ReexportApiTest {
}
