package no.grantreports.reexport.common;

/**
 * Text PostgreSQL and the file formats can keep as it was sent: no NUL characters (text columns
 * refuse them, XML cannot carry them) and no half surrogate pairs (they would be stored as '?').
 * Valid JSON can carry both as escapes, so they are refused where JSON is read.
 */
public final class StorableText {

    public static final String RULE = "must not contain NUL characters or unpaired surrogates";

    private StorableText() {
    }

    public static boolean isStorable(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
