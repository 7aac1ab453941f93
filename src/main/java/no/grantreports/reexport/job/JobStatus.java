package no.grantreports.reexport.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Life cycle of a re-export job, and the moves the API allows between its states. */
public enum JobStatus {
    PENDING, PROCESSING, COMPLETED, FAILED, CANCELLED,
    /** Completed, but the file was deleted by retention; the row stays for audit. */
    EXPIRED;

    public String wireName() {
        return name().toLowerCase();
    }

    @JsonValue
    @Override
    public String toString() {
        return wireName();
    }

    @JsonCreator
    public static JobStatus fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException(
                "unknown status '" + value + "'; allowed: " + allowedValues()));
    }

    public static Optional<JobStatus> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(value)).findFirst();
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(JobStatus::wireName).collect(Collectors.joining(", "));
    }

    /** Moves an operator's PUT may make (the worker's own moves are conditional updates in JobQueueRepository). */
    public Set<JobStatus> allowedMoves() {
        return switch (this) {
            case PENDING -> EnumSet.of(PROCESSING, COMPLETED, FAILED, CANCELLED);
            case PROCESSING -> EnumSet.of(COMPLETED, FAILED, PENDING);
            case FAILED -> EnumSet.of(PENDING);
            case COMPLETED, CANCELLED, EXPIRED -> EnumSet.noneOf(JobStatus.class);
        };
    }

    public boolean canMoveTo(JobStatus next) {
        return allowedMoves().contains(next);
    }
}
