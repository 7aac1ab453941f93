package no.grantreports.reexport.job;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Languages the exported files can be written in; parsed where ExportFormat is (see there). */
public enum ExportLocale {
    NB_NO("nb-NO"), NN_NO("nn-NO"), EN_GB("en-GB"), EN_US("en-US");

    private final String tag;

    ExportLocale(String tag) {
        this.tag = tag;
    }

    @JsonValue
    public String tag() {
        return tag;
    }

    public Locale locale() {
        return Locale.forLanguageTag(tag);
    }

    /** The tag, so that logs and messages read as before the type existed. */
    @Override
    public String toString() {
        return tag;
    }

    public static Optional<ExportLocale> parse(String value) {
        return Arrays.stream(values()).filter(l -> l.tag.equals(value)).findFirst();
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(ExportLocale::tag).collect(Collectors.joining(", "));
    }
}
