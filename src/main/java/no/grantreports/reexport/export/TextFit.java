package no.grantreports.reexport.export;

import no.grantreports.reexport.report.ReportContent;

import java.math.BigDecimal;

/**
 * Estimates how text lays out in a spreadsheet cell, since fastexcel cannot measure fonts and
 * LibreOffice keeps the row heights a file states (a wrapped text in a default-height row is drawn
 * over the next row). A column width of W holds about W digits of the default font (Calibri 11);
 * ordinary text is a little narrower on average, so a line is taken to hold W - 2 characters, and
 * lines are broken at spaces as a spreadsheet does. Errs towards one line too many, never too few.
 */
final class TextFit {

    /** Points per line of Calibri 11 (Excel's default row is 15 pt), and the padding of a row. */
    static final double LINE_HEIGHT = 15;
    static final double ROW_PADDING = 3;
    /** Excel's largest row height. */
    static final double MAX_HEIGHT = 409;

    private TextFit() {
    }

    static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    static int capacity(double width) {
        return Math.max(1, (int) Math.floor(width) - 2);
    }

    /** Whether the text needs more than one line (cheap: most cells are short). */
    static boolean wraps(String text, double width) {
        return text.length() > capacity(width) || text.indexOf('\n') >= 0;
    }

    /** Lines the text takes when wrapped at spaces in a column of this width. */
    static int lines(String text, double width) {
        if (text == null || text.isEmpty()) {
            return 1;
        }
        if (!wraps(text, width)) {
            return 1;
        }
        int capacity = capacity(width);
        int lines = 0;
        for (String paragraph : text.split("\r?\n", -1)) {
            lines += paragraphLines(paragraph, capacity);
        }
        return Math.max(1, lines);
    }

    private static int paragraphLines(String paragraph, int capacity) {
        int lines = 1;
        int used = 0;
        for (String word : paragraph.split(" ", -1)) {
            int length = word.length();
            int needed = used == 0 ? length : used + 1 + length;
            if (needed <= capacity) {
                used = needed;
                continue;
            }
            if (used > 0) {
                lines++;
            }
            // A word longer than a line is broken across lines.
            while (length > capacity) {
                lines++;
                length -= capacity;
            }
            used = length;
        }
        return lines;
    }

    /** Row height in points for that many lines, within Excel's limit. */
    static double height(int lines) {
        return Math.min(MAX_HEIGHT, lines * LINE_HEIGHT + ROW_PADDING);
    }

    /** Characters a value shows in its column's format, to fit the column width. */
    static int displayLength(ReportContent.Column column, Object value, ExportLabels labels) {
        return switch (column.type()) {
            case TEXT -> longestLine(value.toString());
            case INTEGER -> grouped(integerDigits(value));
            case DECIMAL -> grouped(integerDigits(value)) + 3;
            case CURRENCY -> grouped(integerDigits(value)) + 4 + (column.currency() != null ? column.currency().length() : 0);
            case PERCENT -> value instanceof Number n ? grouped(Long.toString(Math.abs(Math.round(n.doubleValue() * 100))).length()) + 4 : 6;
            case DATE -> 10;
            case DATETIME -> labels.get("format.datetime").length() + 1;
            case BOOLEAN -> labels.yesNo(true).length();
        };
    }

    private static int longestLine(String text) {
        int longest = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                longest = Math.max(longest, i - start);
                start = i + 1;
            }
        }
        return longest;
    }

    private static int integerDigits(Object value) {
        if (value instanceof BigDecimal big) {
            return Math.max(1, big.abs().toBigInteger().toString().length()) + (big.signum() < 0 ? 1 : 0);
        }
        if (value instanceof Number n) {
            long whole = Math.abs((long) n.doubleValue());
            return Long.toString(whole).length() + (n.doubleValue() < 0 ? 1 : 0);
        }
        return 1;
    }

    private static int grouped(int digits) {
        return digits + (digits - 1) / 3;
    }
}
