package no.grantreports.reexport.report;

import java.io.IOException;
import java.util.List;

/** Where a writer gets table rows from, one part (section key or annex part) at a time, in order. */
@FunctionalInterface
public interface RowSource {

    void forEach(String part, RowConsumer consumer) throws IOException;

    @FunctionalInterface
    interface RowConsumer {
        void accept(List<Object> cells) throws IOException;
    }
}
