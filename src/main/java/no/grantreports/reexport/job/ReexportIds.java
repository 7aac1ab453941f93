package no.grantreports.reexport.job;

import com.github.f4b6a3.ulid.UlidFactory;
import jakarta.inject.Singleton;

/**
 * Job ids: {@code reexp_} and a monotonic ULID, so ids sort by creation time.
 * <p>
 * A bean, not a static helper: the ULID factory holds a random source, and a native image
 * initialises classes at build time, so a factory in static state (as {@code UlidCreator} keeps
 * one) lands in the image heap and fails the build. A bean's factory is created at run time.
 */
@Singleton
public class ReexportIds {

    public static final String PREFIX = "reexp_";

    private final UlidFactory factory = UlidFactory.newMonotonicInstance();

    public String next() {
        return PREFIX + factory.create();
    }

    /** The ULID part of an id. */
    public static String ulidOf(String reexportId) {
        return reexportId.startsWith(PREFIX) ? reexportId.substring(PREFIX.length()) : reexportId;
    }
}
