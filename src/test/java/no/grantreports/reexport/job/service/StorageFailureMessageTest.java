package no.grantreports.reexport.job.service;

import no.grantreports.reexport.storage.S3FileStoreTest;
import no.grantreports.reexport.testsupport.S3ProxyResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 12 item 12: a job that fails on the store says which failure in its error_message. */
class StorageFailureMessageTest {

    static S3ProxyResource s3;

    @BeforeAll
    static void startS3() {
        s3 = new S3ProxyResource();
        s3.start();
    }

    @AfterAll
    static void stopS3() {
        s3.stop();
    }

    @Test
    void aWriteRefusedWith403SaysSoInTheJobsErrorMessage() {
        var store = S3FileStoreTest.wrongCredentials();
        Exception failure = assertThrows(Exception.class, () -> store.write("reports/org/x.json", out -> out.write(1)));
        String message = RetryPolicy.failureMessage(failure, "incident-1");
        assertTrue(message.startsWith("The output file could not be stored: S3 refused access"), message);
        assertTrue(message.contains("403 Forbidden"), message);
        assertTrue(message.endsWith("(incident incident-1)."), message);
        assertFalse(message.contains("Unexpected error"), message);
    }
}
