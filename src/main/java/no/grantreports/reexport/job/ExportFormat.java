package no.grantreports.reexport.job;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * File formats a job can produce. Parsed from the wire only where a request enters (RequestValidation),
 * where a report's original parameters become a job's, and by the entity's converter; typed everywhere else.
 */
public enum ExportFormat {
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    /** A zip of CSV files. */
    CSV("csv", "application/zip", "zip"),
    JSON("json", "application/json", "json");

    private final String wireName;
    private final String contentType;
    private final String extension;

    ExportFormat(String wireName, String contentType, String extension) {
        this.wireName = wireName;
        this.contentType = contentType;
        this.extension = extension;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** The wire name, so that logs and messages read as before the type existed. */
    @Override
    public String toString() {
        return wireName;
    }

    public static Optional<ExportFormat> parse(String value) {
        return Arrays.stream(values()).filter(f -> f.wireName.equals(value)).findFirst();
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(ExportFormat::wireName).collect(Collectors.joining(", "));
    }
}
