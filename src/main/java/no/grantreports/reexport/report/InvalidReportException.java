package no.grantreports.reexport.report;

import java.util.List;

/** A report document that parsed as JSON but breaks the model; each violation points at the bad element. */
public class InvalidReportException extends RuntimeException {

    /** {@code pointer} is a JSON pointer into the document, e.g. {@code /sections/1/rows/7/2}. */
    public record Violation(String pointer, String message) {
    }

    private final List<Violation> violations;

    public InvalidReportException(List<Violation> violations) {
        super(violations.size() + " invalid element(s), first: " + violations.get(0).pointer() + " "
                + violations.get(0).message(), null, false, false);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
