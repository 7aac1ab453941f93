package no.grantreports.reexport.report.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class ReportApiIT extends ReportApiTest {
}
