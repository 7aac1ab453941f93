package no.grantreports.reexport.problem;

/**
 * An exception of a feature that knows the problem response it means. Each feature maps its own
 * failures this way, so this package depends on none of them; {@link ProblemMappers} finds one
 * anywhere in a failure's cause chain.
 */
public interface ProblemSource {

    /** The problem to answer; never null. */
    ProblemException toProblem();
}
