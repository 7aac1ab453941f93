package no.grantreports.reexport.sdk;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The generated-SDK flow against the packaged application (and, with -Dnative, the native binary). */
@QuarkusIntegrationTest
class SdkFlowIT extends SdkFlowTest {
}
