package no.grantreports.reexport.job;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores locales by their tags, the strings the column has always held (no migration). */
@Converter
public class ExportLocaleConverter implements AttributeConverter<ExportLocale, String> {

    @Override
    public String convertToDatabaseColumn(ExportLocale locale) {
        return locale == null ? null : locale.tag();
    }

    @Override
    public ExportLocale convertToEntityAttribute(String value) {
        // Only this service writes the column, from validated requests: anything else is a broken row.
        return value == null ? null : ExportLocale.parse(value).orElseThrow(() -> new IllegalStateException(
                "reexport_job.locale holds '" + value + "', not one of: " + ExportLocale.allowedValues()));
    }
}
