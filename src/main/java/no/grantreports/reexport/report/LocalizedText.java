package no.grantreports.reexport.report;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A title as a report gives it: plain text, or a map of locale tag → text. In JSON it is exactly
 * that: {@code "Budget"} or {@code {"nb-NO": "Budsjett", "en-GB": "Budget"}}.
 *
 * <p>Choosing a text for a locale: the exact tag, then the same language in any region, then the
 * neighbouring Norwegian written standard (nn ⇄ nb), then English, then the first text given.
 */
// Native image: inside the jsonb columns of report_snapshot (Jackson, by reflection)
@RegisterForReflection
public final class LocalizedText {

    private final String plain;
    private final Map<String, String> byLocale;

    private LocalizedText(String plain, Map<String, String> byLocale) {
        this.plain = plain;
        this.byLocale = byLocale;
    }

    public static LocalizedText of(String plain) {
        return plain == null ? null : new LocalizedText(plain, Map.of());
    }

    public static LocalizedText of(Map<String, String> byLocale) {
        return new LocalizedText(null, new LinkedHashMap<>(byLocale));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static LocalizedText fromJson(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return of(s);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, String> texts = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (!(v instanceof String)) {
                    throw new IllegalArgumentException("a localized text maps locale tags to strings");
                }
                texts.put(String.valueOf(k), (String) v);
            });
            if (texts.isEmpty()) {
                throw new IllegalArgumentException("a localized text needs at least one locale");
            }
            return of(texts);
        }
        throw new IllegalArgumentException("a text is a string or a map of locale tag to string");
    }

    @JsonValue
    public Object toJson() {
        return plain != null ? plain : byLocale;
    }

    /** All texts, for validation (lengths, emptiness). */
    public List<String> values() {
        return plain != null ? List.of(plain) : List.copyOf(byLocale.values());
    }

    public String resolve(Locale locale) {
        if (plain != null) {
            return plain;
        }
        String tag = locale.toLanguageTag();
        String language = locale.getLanguage();
        String exact = findIgnoreCase(tag);
        if (exact != null) {
            return exact;
        }
        String sameLanguage = byLanguage(language);
        if (sameLanguage != null) {
            return sameLanguage;
        }
        String neighbour = switch (language) {
            case "nn" -> firstNonNull(byLanguage("nb"), byLanguage("no"));
            case "nb" -> firstNonNull(byLanguage("no"), byLanguage("nn"));
            default -> null;
        };
        if (neighbour != null) {
            return neighbour;
        }
        String english = byLanguage("en");
        return english != null ? english : byLocale.values().iterator().next();
    }

    private String findIgnoreCase(String tag) {
        return byLocale.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(tag))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private String byLanguage(String language) {
        return byLocale.entrySet().stream()
                .filter(e -> Locale.forLanguageTag(e.getKey()).getLanguage().equals(language))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalizedText other && Objects.equals(plain, other.plain)
                && Objects.equals(byLocale, other.byLocale);
    }

    @Override
    public int hashCode() {
        return Objects.hash(plain, byLocale);
    }

    @Override
    public String toString() {
        return String.valueOf(toJson());
    }
}
