package no.grantreports.reexport.job;

import com.github.f4b6a3.ulid.UlidCreator;

/** Job ids: {@code reexp_} and a monotonic ULID, so ids sort by creation time. */
public final class ReexportIds {

    public static final String PREFIX = "reexp_";

    private ReexportIds() {
    }

    public static String next() {
        return PREFIX + UlidCreator.getMonotonicUlid().toString();
    }

    /** The ULID part of an id. */
    public static String ulidOf(String reexportId) {
        return reexportId.startsWith(PREFIX) ? reexportId.substring(PREFIX.length()) : reexportId;
    }
}
