package no.grantreports.reexport.job;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** File formats a job can produce. */
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

    public String wireName() {
        return wireName;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    public static Optional<ExportFormat> parse(String value) {
        return Arrays.stream(values()).filter(f -> f.wireName.equals(value)).findFirst();
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(ExportFormat::wireName).collect(Collectors.joining(", "));
    }
}
