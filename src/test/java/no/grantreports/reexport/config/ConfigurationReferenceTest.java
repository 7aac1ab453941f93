package no.grantreports.reexport.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configuration page's table lists exactly the reexport.* settings of {@link ReexportConfig}, with their defaults. */
public class ConfigurationReferenceTest {

    /** The page that holds the configuration table (the README links to it). */
    static final Path PAGE = Path.of("docs/configuration.md");

    /** env name → default (null when none), read from the mapping. */
    public static Map<String, String> fromMapping() {
        Map<String, String> settings = new TreeMap<>();
        walk(ReexportConfig.class, "reexport", settings);
        return settings;
    }

    static void walk(Class<?> group, String prefix, Map<String, String> settings) {
        for (Method method : group.getDeclaredMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            WithName withName = method.getAnnotation(WithName.class);
            String name = prefix + "." + (withName != null ? withName.value() : kebab(method.getName()));
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getName().startsWith(ReexportConfig.class.getName() + "$")) {
                walk(type, name, settings);
            } else if (type == Map.class) {
                Class<?> value = (Class<?>) ((ParameterizedType) method.getGenericReturnType()).getActualTypeArguments()[1];
                walk(value, name + ".*", settings);
            } else {
                WithDefault withDefault = method.getAnnotation(WithDefault.class);
                settings.put(env(name), withDefault == null ? null : withDefault.value());
            }
        }
    }

    public static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    public static String env(String property) {
        return property.toUpperCase().replaceAll("[^A-Z0-9*]", "_");
    }

    /** env name → default cell, from the configuration page's table rows. */
    static Map<String, String> fromPage() throws IOException {
        Map<String, String> rows = new TreeMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `(REEXPORT_[A-Z0-9_]+)` \\| ([^|]*) \\|").matcher(Files.readString(PAGE));
        while (row.find()) {
            rows.put(row.group(1), row.group(2).trim());
        }
        return rows;
    }

    @Test
    void thePageListsEverySettingAndNothingElse() throws IOException {
        Map<String, String> mapping = fromMapping();
        // Per-organisation webhooks are a map: documented once, in their property form.
        mapping.keySet().removeIf(name -> name.contains("*"));
        assertTrue(Files.readString(PAGE).contains("reexport.webhook.organisations.\"<org_id>\".url"));
        assertEquals(mapping.keySet(), fromPage().keySet());
    }

    @Test
    void thePageStatesTheDefaults() throws IOException {
        Map<String, String> page = fromPage();
        fromMapping().forEach((env, defaultValue) -> {
            if (defaultValue != null && !env.contains("*")) {
                assertTrue(page.get(env).contains("`" + defaultValue + "`"),
                        env + ": " + PAGE + " says " + page.get(env) + ", the code's default is " + defaultValue);
            }
        });
    }
}
