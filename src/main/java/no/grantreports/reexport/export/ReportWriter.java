package no.grantreports.reexport.export;

import no.grantreports.reexport.report.RowSource;
import java.io.IOException;
import java.io.OutputStream;

/** Renders a report into one file format, streaming rows from the source to the output. */
public interface ReportWriter {

    void write(ExportDocument document, RowSource rows, OutputStream out) throws IOException;
}
