package no.grantreports.reexport.export;

import java.util.Locale;
import java.util.ResourceBundle;

/** Labels the service itself writes into files, in the export's language. */
public final class ExportLabels {

    private final ResourceBundle bundle;

    private ExportLabels(ResourceBundle bundle) {
        this.bundle = bundle;
    }

    public static ExportLabels forLocale(Locale locale) {
        // No fallback to the JVM's default locale: an unknown locale gets the base (English) bundle.
        return new ExportLabels(ResourceBundle.getBundle("export.labels", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
    }

    public String get(String key) {
        return bundle.getString(key);
    }

    public String yesNo(boolean value) {
        return get(value ? "value.yes" : "value.no");
    }
}
