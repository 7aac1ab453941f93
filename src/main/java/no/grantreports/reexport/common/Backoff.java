package no.grantreports.reexport.common;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential backoff with jitter: base·2^(attempt-1), at most the cap, then 50–100 % of that. */
public final class Backoff {

    private Backoff() {
    }

    public static Duration delay(Duration base, Duration cap, int attempt) {
        long capped = Math.min(cap.toMillis(), base.toMillis() << Math.min(30, Math.max(0, attempt - 1)));
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
}
