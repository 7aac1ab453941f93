package no.grantreports.reexport.report;

import no.grantreports.reexport.problem.Problem;
import no.grantreports.reexport.problem.ProblemException;
import no.grantreports.reexport.problem.ProblemSource;
import no.grantreports.reexport.problem.ProblemType;

import java.util.List;

/** A report document that parsed as JSON but breaks the model; each violation points at the bad element. */
public class InvalidReportException extends RuntimeException implements ProblemSource {

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

    /** 422, with one error per violation, each pointing at the element. */
    @Override
    public ProblemException toProblem() {
        List<Problem.FieldError> errors = violations.stream().map(v -> new Problem.FieldError(v.pointer(), v.message())).toList();
        return new ProblemException(ProblemType.INVALID_REPORT, "Unprocessable Content", "The report document is not valid: " + errors.size()
                + " problem(s), each pointing at the element (JSON pointer).", errors);
    }
}
