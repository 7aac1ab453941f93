package no.grantreports.reexport.security;

/** Roles read from the token's {@code groups} claim. */
public final class Roles {
    /** Read jobs of the caller's organisation. */
    public static final String READ = "reexport:read";
    /** Create and cancel jobs of the caller's organisation. */
    public static final String WRITE = "reexport:write";
    /** Update job state (PUT), across all organisations. */
    public static final String OPERATE = "reexport:operate";

    private Roles() {
    }
}
