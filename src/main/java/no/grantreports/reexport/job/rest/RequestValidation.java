package no.grantreports.reexport.job.rest;

import no.grantreports.reexport.job.ExportFormat;
import no.grantreports.reexport.job.ExportLocale;
import no.grantreports.reexport.job.JobStatus;
import no.grantreports.reexport.job.ListFilter;
import no.grantreports.reexport.job.service.ReexportCommands;
import no.grantreports.reexport.problem.Problem.FieldError;
import no.grantreports.reexport.problem.ProblemException;
import no.grantreports.reexport.problem.QueryParameters;
import no.grantreports.reexport.storage.FileRefs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Checks what clients send, naming every bad value with its wire name, before anything is read or written. */
final class RequestValidation {

    static final Set<String> LIST_PARAMETERS = Set.of("page", "limit", "status", "report_id", "requested_by",
            "requested_from", "requested_to");
    static final int MAX_ID_LENGTH = 64;
    static final int MAX_REF_LENGTH = 1024;
    static final int MAX_ERROR_MESSAGE_LENGTH = 2000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:@-]{1,128}");
    /** Four-digit years, as ISO-8601 and PostgreSQL agree on; +999999999-12-31 is a probe, not a date. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    static final String INSTANT_RANGE = "must be an instant from year 0001 to 9999";

    private RequestValidation() {
    }

    /**
     * The request as a command: format and locale are parsed here, once (the wire keeps them as strings so
     * that an unknown value is reported beside the body's other errors, not as Jackson's first failure).
     */
    static ReexportCommands.Create create(CreateReexportRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON request body is required.");
        }
        List<FieldError> errors = new ArrayList<>();
        if (request.reportId() == null || request.reportId().isBlank()) {
            errors.add(new FieldError("report_id", "is required"));
        } else if (request.reportId().length() > MAX_ID_LENGTH || !ID.matcher(request.reportId()).matches()) {
            errors.add(new FieldError("report_id", "is not a valid report id: letters, digits and _.:@- only, at most "
                    + MAX_ID_LENGTH + " characters"));
        }
        ExportParams params = request.exportParams() == null ? new ExportParams(null, null, null) : request.exportParams();
        ExportFormat format = optional(errors, "export_params.format", params.format(), ExportFormat::parse,
                ExportFormat.allowedValues());
        ExportLocale locale = optional(errors, "export_params.locale", params.locale(), ExportLocale::parse,
                ExportLocale.allowedValues());
        throwIfAny(errors);
        return new ReexportCommands.Create(request.reportId(), format, params.includeAnnexes(), locale,
                Boolean.TRUE.equals(request.notifyOnCompletion()));
    }

    /** An optional value of a closed set: null when absent, an error when not one of the set. */
    private static <T> T optional(List<FieldError> errors, String name, String value, Function<String, Optional<T>> parse,
                                  String allowed) {
        if (value == null) {
            return null;
        }
        Optional<T> parsed = parse.apply(value);
        if (parsed.isEmpty()) {
            errors.add(new FieldError(name, "must be one of: " + allowed));
        }
        return parsed.orElse(null);
    }

    static String idempotencyKey(String key) {
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ProblemException.invalid(List.of(new FieldError("Idempotency-Key",
                    "1 to 255 printable ASCII characters without spaces")));
        }
        return key;
    }

    static void update(UpdateReexportRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON request body is required.");
        }
        List<FieldError> errors = new ArrayList<>();
        String ref = request.outputFileRef();
        if (ref != null && (ref.length() > MAX_REF_LENGTH || !FileRefs.isValid(ref))) {
            // The storage's own rule (FileRefs): a ref that passes here can always be opened later.
            errors.add(new FieldError("output_file_ref", "must be a relative path inside the storage of at most "
                    + MAX_REF_LENGTH + " characters: segments separated by single '/', none empty, '.' or '..'"));
        }
        if (request.outputFileSizeBytes() != null && request.outputFileSizeBytes() < 0) {
            errors.add(new FieldError("output_file_size_bytes", "must be zero or more"));
        }
        if (request.completedAt() != null && !inRange(request.completedAt())) {
            errors.add(new FieldError("completed_at", INSTANT_RANGE));
        }
        if (request.errorMessage() != null && request.errorMessage().length() > MAX_ERROR_MESSAGE_LENGTH) {
            errors.add(new FieldError("error_message", "must be at most " + MAX_ERROR_MESSAGE_LENGTH + " characters"));
        }
        throwIfAny(errors);
    }

    static ListFilter list(Set<String> given, String orgScope, String page, String limit, List<String> statuses,
                           String reportId, String requestedBy, String requestedFrom, String requestedTo) {
        List<FieldError> errors = new ArrayList<>();
        given.stream().filter(name -> !LIST_PARAMETERS.contains(name)).sorted()
                .forEach(name -> errors.add(new FieldError(name, "unknown query parameter; allowed: "
                        + String.join(", ", LIST_PARAMETERS.stream().sorted().toList()))));
        int pageNumber = integer(errors, "page", page, ListFilter.DEFAULT_PAGE, 1, Integer.MAX_VALUE / ListFilter.MAX_LIMIT);
        int pageSize = integer(errors, "limit", limit, ListFilter.DEFAULT_LIMIT, 1, ListFilter.MAX_LIMIT);
        Set<JobStatus> wanted = EnumSet.noneOf(JobStatus.class);
        for (String status : statuses == null ? List.<String>of() : statuses) {
            for (String one : status.split(",")) {
                JobStatus.parse(one.trim()).ifPresentOrElse(wanted::add, () -> errors.add(
                        new FieldError("status", "'" + one + "' is not one of: " + JobStatus.allowedValues())));
            }
        }
        checkId(errors, "report_id", reportId);
        checkId(errors, "requested_by", requestedBy);
        Instant from = instant(errors, "requested_from", requestedFrom);
        Instant to = instant(errors, "requested_to", requestedTo);
        if (from != null && to != null && from.isAfter(to)) {
            errors.add(new FieldError("requested_from", "must not be after requested_to"));
        }
        throwIfAny(errors);
        return new ListFilter(orgScope, wanted, reportId, requestedBy, from, to, pageNumber, pageSize);
    }

    private static int integer(List<FieldError> errors, String name, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        OptionalInt parsed = QueryParameters.wholeNumber(value, min, max);
        if (parsed.isEmpty()) {
            errors.add(new FieldError(name, QueryParameters.rangeMessage(min, max)));
        }
        return parsed.orElse(fallback);
    }

    private static void checkId(List<FieldError> errors, String name, String value) {
        if (value != null && !ID.matcher(value).matches()) {
            errors.add(new FieldError(name, "is not a valid id: letters, digits and _.:@- only, at most 128 characters"));
        }
    }

    private static Instant instant(List<FieldError> errors, String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            Instant instant = OffsetDateTime.parse(value.trim()).toInstant();
            if (!inRange(instant)) {
                errors.add(new FieldError(name, INSTANT_RANGE));
                return null;
            }
            return instant;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be an ISO-8601 instant such as 2026-03-26T09:00:00Z"));
            return null;
        }
    }

    private static boolean inRange(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }
}
