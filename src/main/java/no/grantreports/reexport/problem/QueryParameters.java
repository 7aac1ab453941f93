package no.grantreports.reexport.problem;

import java.util.OptionalInt;

/** Parsing of numeric query parameters, shared by the list endpoints. */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** The whole number in {@code value}, if it is one from min to max; empty otherwise. */
    public static OptionalInt wholeNumber(String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value.trim());
            return parsed >= min && parsed <= max ? OptionalInt.of(parsed) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    public static String rangeMessage(int min, int max) {
        return "must be a whole number from " + min + " to " + max;
    }
}
