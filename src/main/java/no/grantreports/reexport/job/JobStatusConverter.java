package no.grantreports.reexport.job;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores statuses by their wire names, as the table's check constraint expects. */
@Converter
public class JobStatusConverter implements AttributeConverter<JobStatus, String> {

    @Override
    public String convertToDatabaseColumn(JobStatus status) {
        return status == null ? null : status.wireName();
    }

    @Override
    public JobStatus convertToEntityAttribute(String value) {
        return value == null ? null : JobStatus.fromWire(value);
    }
}
