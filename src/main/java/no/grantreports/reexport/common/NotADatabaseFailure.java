package no.grantreports.reexport.common;

/**
 * Marks a failure of the file store or a file writer. Their socket and I/O causes look like a lost
 * database connection; this marker lets the database's failure classification tell them apart
 * without knowing those packages.
 */
public interface NotADatabaseFailure {
}
