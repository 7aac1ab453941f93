package no.grantreports.reexport.job.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import no.grantreports.reexport.testsupport.S3StorageProfile;

/** The contract suite again, with files in an S3-compatible bucket. */
@QuarkusTest
@TestProfile(S3StorageProfile.class)
class ReexportApiS3Test extends ReexportApiTest {
}
