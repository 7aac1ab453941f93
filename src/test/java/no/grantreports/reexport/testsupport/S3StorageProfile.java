package no.grantreports.reexport.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;

/** Runs a test class with files in S3 (S3Proxy) instead of the filesystem. */
public class S3StorageProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(S3ProxyResource.class));
    }
}
