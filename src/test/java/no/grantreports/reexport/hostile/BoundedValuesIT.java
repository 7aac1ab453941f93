package no.grantreports.reexport.hostile;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The bounded values against the packaged application. */
@QuarkusIntegrationTest
class BoundedValuesIT extends BoundedValuesTest {
}
