package no.grantreports.reexport.export;

import no.grantreports.reexport.common.NotADatabaseFailure;

/** The report cannot be rendered as asked (bad cell value, unknown column type, …). Retrying will not help. */
public class ExportException extends RuntimeException implements NotADatabaseFailure {
    public ExportException(String message) {
        super(message);
    }
}
