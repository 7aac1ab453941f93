package no.grantreports.reexport.export;

/** The report cannot be rendered as asked (bad cell value, unknown column type, …). Retrying will not help. */
public class ExportException extends RuntimeException {
    public ExportException(String message) {
        super(message);
    }
}
