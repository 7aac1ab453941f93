package no.grantreports.reexport.job;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** File formats a job can produce. */
public enum ExportFormat {
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final String wireName;
    private final String contentType;

    ExportFormat(String wireName, String contentType) {
        this.wireName = wireName;
        this.contentType = contentType;
    }

    public String wireName() {
        return wireName;
    }

    public String extension() {
        return wireName;
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
