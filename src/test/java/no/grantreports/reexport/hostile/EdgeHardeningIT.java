package no.grantreports.reexport.hostile;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same edge cases against the packaged application. */
@QuarkusIntegrationTest
class EdgeHardeningIT extends EdgeHardeningTest {
}
