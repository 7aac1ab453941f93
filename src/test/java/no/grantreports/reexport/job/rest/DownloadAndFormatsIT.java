package no.grantreports.reexport.job.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class DownloadAndFormatsIT extends DownloadAndFormatsTest {
}
