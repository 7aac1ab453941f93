package no.grantreports.reexport.hostile;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same hostile input against the packaged application (and, with -Dnative, the native binary). */
@QuarkusIntegrationTest
class HostileInputIT extends HostileInputTest {
}
