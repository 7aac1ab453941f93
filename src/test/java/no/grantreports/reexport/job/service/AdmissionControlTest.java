package no.grantreports.reexport.job.service;

import org.junit.jupiter.api.Test;

import static no.grantreports.reexport.job.service.AdmissionControl.retryAfterSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Retry-After of a 429: the time to drain 10 % below the cap at the measured rate, within [1, max]. */
class AdmissionControlTest {

    @Test
    void retryAfterFollowsTheDrainRate() {
        // 1,000 pending, cap 1,000: 100 must go; at 20 jobs/s that is 5 s.
        assertEquals(5, retryAfterSeconds(1_000, 1_000, 20, 60));
        // Faster drain, shorter wait; never below one second.
        assertEquals(1, retryAfterSeconds(1_000, 1_000, 500, 60));
        // Slow drain: capped.
        assertEquals(60, retryAfterSeconds(1_000, 1_000, 0.5, 60));
    }

    @Test
    void aQueueThatDoesNotDrainAnswersTheMaximum() {
        assertEquals(60, retryAfterSeconds(300, 300, 0, 60));
        assertEquals(30, retryAfterSeconds(300, 300, 0, 30));
    }
}
