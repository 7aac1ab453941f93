package no.grantreports.reexport.testsupport;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A report document with one table of {@code rows} × 10 columns, produced on the fly as it is read,
 * so neither the test nor the service ever needs it whole in memory.
 */
public final class LargeReportDocument extends InputStream {

    static final String COLUMNS = """
            [{"key": "id", "title": "ID", "type": "integer"},
             {"key": "name", "title": "Name", "type": "text"},
             {"key": "amount", "title": "Amount", "type": "currency", "currency": "NOK"},
             {"key": "share", "title": "Share", "type": "percent"},
             {"key": "ratio", "title": "Ratio", "type": "decimal"},
             {"key": "day", "title": "Day", "type": "date"},
             {"key": "at", "title": "At", "type": "datetime"},
             {"key": "ok", "title": "OK", "type": "boolean"},
             {"key": "count", "title": "Count", "type": "integer"},
             {"key": "note", "title": "Note", "type": "text"}]""";

    private final String head;
    private final int rows;
    private int next = -1;
    private byte[] chunk = new byte[0];
    private int position;

    public LargeReportDocument(String reportId, String orgId, int rows) {
        this.rows = rows;
        this.head = """
                {"report_id": "%s", "org_id": "%s", "report_type": "grant_final_report", "title": "Large report",
                 "period": {"from": "2025-01-01", "to": "2025-12-31"}, "submitted_at": "2026-01-15T08:00:00Z",
                 "submitted_by": "loader", "sections": [{"key": "big", "title": "Big table", "kind": "table",
                 "columns": %s, "rows": [""".formatted(reportId, orgId, COLUMNS);
    }

    public static String row(int i) {
        return "[" + i + ",\"Row " + i + " of the large report\"," + (i * 3 % 1_000_000) + ".25,0." + (i % 100)
                + "," + (i % 7) + ".5,\"2025-0" + (1 + i % 9) + "-1" + (i % 9) + "\",\"2025-06-0" + (1 + i % 9)
                + "T12:00:00Z\"," + (i % 2 == 0) + "," + (i % 1000) + ",\"note " + (i % 13) + "\"]";
    }

    private boolean refill() {
        StringBuilder text = new StringBuilder(64 * 1024);
        if (next == -1) {
            text.append(head);
            next = 0;
        }
        while (next < rows && text.length() < 60 * 1024) {
            if (next > 0) {
                text.append(',');
            }
            text.append(row(next++));
        }
        if (next == rows) {
            text.append("]}], \"annexes\": []}");
            next++;
        } else if (next > rows && text.isEmpty()) {
            return false;
        }
        chunk = text.toString().getBytes(StandardCharsets.UTF_8);
        position = 0;
        return chunk.length > 0;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (position == chunk.length && !refill()) {
            return -1;
        }
        int n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, buffer, offset, n);
        position += n;
        return n;
    }
}
