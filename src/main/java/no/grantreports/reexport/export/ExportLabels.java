package no.grantreports.reexport.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Labels the service itself writes into files, in the export's language: {@code export/labels.properties}
 * (English) overlaid by {@code labels_<lang>} and {@code labels_<lang>_<COUNTRY>}. Read as plain resources
 * rather than through {@code ResourceBundle}, whose lookup with a custom control a native image does not keep.
 */
public final class ExportLabels {

    private final Properties labels;

    private ExportLabels(Properties labels) {
        this.labels = labels;
    }

    /** Read once per locale (as ResourceBundle cached them): every export asks for its labels. */
    private static final Map<Locale, ExportLabels> CACHE = new ConcurrentHashMap<>();

    public static ExportLabels forLocale(Locale locale) {
        return CACHE.computeIfAbsent(locale, ExportLabels::load);
    }

    private static ExportLabels load(Locale locale) {
        // No fallback to the JVM's default locale: an unknown locale gets the base (English) labels.
        List<String> names = new ArrayList<>(List.of("labels"));
        if (!locale.getLanguage().isEmpty()) {
            names.add("labels_" + locale.getLanguage());
            if (!locale.getCountry().isEmpty()) {
                names.add("labels_" + locale.getLanguage() + "_" + locale.getCountry());
            }
        }
        Properties labels = new Properties();
        for (String name : names) {
            try (InputStream in = ExportLabels.class.getResourceAsStream("/export/" + name + ".properties")) {
                if (in != null) {
                    labels.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ExportLabels(labels);
    }

    public String get(String key) {
        String value = labels.getProperty(key);
        if (value == null) {
            throw new MissingResourceException("No export label " + key, ExportLabels.class.getName(), key);
        }
        return value;
    }

    public String yesNo(boolean value) {
        return get(value ? "value.yes" : "value.no");
    }
}
