package no.grantreports.reexport.storage;

import no.grantreports.reexport.common.NotADatabaseFailure;
import no.grantreports.reexport.problem.ProblemException;
import no.grantreports.reexport.problem.ProblemSource;

import java.nio.file.NoSuchFileException;

/**
 * A file that should exist is not in the store (deleted behind the service's back). The one
 * "file gone" failure of every store: downloads answer it with a 410 problem, not a 500.
 */
public class StoredFileGoneException extends NoSuchFileException implements NotADatabaseFailure, ProblemSource {

    public StoredFileGoneException(String ref) {
        super(ref);
    }

    @Override
    public ProblemException toProblem() {
        return new ProblemException(410, "Gone", "The file of this re-export is no longer in the store.", null);
    }
}
