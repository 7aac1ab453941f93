package no.grantreports.reexport.export;

/**
 * OWASP "CSV injection": a spreadsheet runs a cell as a formula (or DDE command) when its text starts
 * with {@code = + - @}, TAB or CR, also after leading spaces or quotes, and Excel reads the full-width
 * forms {@code ＝＋－＠} the same way. Such text is written with a leading {@code '} (and quoted), which
 * spreadsheets show as text.
 */
final class CsvInjection {

    private CsvInjection() {
    }

    static boolean dangerous(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '=', '+', '-', '@', '\t', '\r', '\n', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20':
                    return true;
                // Leading blanks and quotes are skipped by spreadsheets before they look for a formula.
                case ' ', '\u00A0', '\u3000', '"', '\'', '\uFF02', '\uFF07':
                    continue;
                default:
                    return false;
            }
        }
        return false;
    }
}
