package no.grantreports.reexport.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link LocalizedText} as its JSON text: {@code "Budget"} or {@code {"nb-NO": "Budsjett"}}. */
@Converter
public class LocalizedTextConverter implements AttributeConverter<LocalizedText, String> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String convertToDatabaseColumn(LocalizedText text) {
        return toJsonText(text);
    }

    @Override
    public LocalizedText convertToEntityAttribute(String json) {
        if (json == null) {
            return null;
        }
        try {
            return LocalizedText.fromJson(MAPPER.readValue(json, Object.class));
        } catch (JsonProcessingException e) {
            // A title stored before titles were JSON: plain text.
            return LocalizedText.of(json);
        }
    }

    public static String toJsonText(LocalizedText text) {
        try {
            return text == null ? null : MAPPER.writeValueAsString(text.toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
