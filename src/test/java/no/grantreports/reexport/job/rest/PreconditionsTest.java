package no.grantreports.reexport.job.rest;

import org.junit.jupiter.api.Test;

import static no.grantreports.reexport.job.rest.Preconditions.expectedVersion;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** If-Match, read in the REST layer: which job versions a conditional PUT or DELETE accepts. */
class PreconditionsTest {

    @Test
    void noConditionAcceptsEveryVersion() {
        for (String header : new String[]{null, "", "  ", "*", " * "}) {
            assertTrue(expectedVersion(header).matches(0), "If-Match: " + header);
            assertTrue(expectedVersion(header).matches(41), "If-Match: " + header);
        }
    }

    @Test
    void aListedStrongEtagAcceptsThatVersionOnly() {
        assertTrue(expectedVersion("\"7\"").matches(7));
        assertFalse(expectedVersion("\"7\"").matches(8));
        assertTrue(expectedVersion("\"3\", \"7\"").matches(3));
        assertTrue(expectedVersion("\"3\", \"7\"").matches(7));
        assertFalse(expectedVersion("\"3\", \"7\"").matches(5));
        // unquoted, as some clients send it
        assertTrue(expectedVersion("7").matches(7));
    }

    @Test
    void weakForeignAndNonCanonicalTagsMatchNothing() {
        assertFalse(expectedVersion("W/\"7\"").matches(7));
        assertFalse(expectedVersion("\"stale\"").matches(0));
        assertFalse(expectedVersion("\"07\"").matches(7));
        assertFalse(expectedVersion("\"+7\"").matches(7));
        assertFalse(expectedVersion("\"99999999999\"").matches(Integer.MAX_VALUE));
        assertTrue(expectedVersion("W/\"7\", \"8\"").matches(8));
    }
}
