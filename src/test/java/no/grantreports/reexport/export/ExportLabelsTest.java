package no.grantreports.reexport.export;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.MissingResourceException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Labels resolve from the most specific file to the English base, never to the JVM's default locale. */
class ExportLabelsTest {

    @Test
    void languageThenCountryOverlayTheEnglishBase() {
        assertEquals("Vedlegg", ExportLabels.forLocale(Locale.forLanguageTag("nb-NO")).get("sheet.annexes"));
        assertEquals("Attachments", ExportLabels.forLocale(Locale.forLanguageTag("en-US")).get("sheet.annexes"));
        assertEquals("mm/dd/yyyy", ExportLabels.forLocale(Locale.forLanguageTag("en-US")).get("format.date"));
        assertEquals("Annexes", ExportLabels.forLocale(Locale.forLanguageTag("en-GB")).get("sheet.annexes"));
        assertEquals("Yes", ExportLabels.forLocale(Locale.forLanguageTag("en-GB")).yesNo(true));
    }

    @Test
    void anUnknownLocaleGetsEnglishWhateverTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("nb-NO"));
            assertEquals("Annexes", ExportLabels.forLocale(Locale.FRANCE).get("sheet.annexes"));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void anUnknownKeyIsAnError() {
        assertThrows(MissingResourceException.class, () -> ExportLabels.forLocale(Locale.UK).get("no.such.label"));
    }
}
