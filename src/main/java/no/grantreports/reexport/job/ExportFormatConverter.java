package no.grantreports.reexport.job;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores formats by their wire names, the strings the column has always held (no migration). */
@Converter
public class ExportFormatConverter implements AttributeConverter<ExportFormat, String> {

    @Override
    public String convertToDatabaseColumn(ExportFormat format) {
        return format == null ? null : format.wireName();
    }

    @Override
    public ExportFormat convertToEntityAttribute(String value) {
        // Only this service writes the column, from validated requests: anything else is a broken row.
        return value == null ? null : ExportFormat.parse(value).orElseThrow(() -> new IllegalStateException(
                "reexport_job.format holds '" + value + "', not one of: " + ExportFormat.allowedValues()));
    }
}
