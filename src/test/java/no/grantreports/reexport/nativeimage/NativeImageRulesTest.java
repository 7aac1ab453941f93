package no.grantreports.reexport.nativeimage;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import no.grantreports.reexport.nativeimage.fixtures.NativeHostileFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of {@link NativeImageTest} catch what they are meant to catch: each one, applied to
 * fixtures with the defect, reports exactly the defective code and leaves the correct code alone.
 */
class NativeImageRulesTest {

    private static final JavaClasses FIXTURES = new ClassFileImporter()
            .importPackagesOf(NativeHostileFixtures.class);

    private static List<String> violations(ArchRule rule) {
        return rule.evaluate(FIXTURES).getFailureReport().getDetails();
    }

    private static long count(List<String> violations, Predicate<String> which) {
        return violations.stream().filter(which).count();
    }

    @Test
    void anUnregisteredProjectionIsReportedWhereverItIsProjected() {
        List<String> violations = violations(NativeImageRules.PANACHE_PROJECTIONS_ARE_REGISTERED);

        assertEquals(2, count(violations, v -> v.contains("$Unregistered") && v.contains("is not annotated")
                && v.contains("NativeHostileFixtures.java:")), () -> String.join("\n", violations));
        assertEquals(1, count(violations, v -> v.contains("notALiteral") && v.contains("not given a class literal")),
                () -> String.join("\n", violations));
        assertEquals(3, violations.size(), () -> String.join("\n", violations));
    }

    @Test
    void staticRandomSourcesExecutorsClocksAndUlidFactoriesAreReported() {
        List<String> violations = violations(NativeImageRules.NO_IMAGE_HEAP_HOSTILE_STATIC_STATE);

        for (String field : List.of("StaticState.RANDOM ", "StaticState.FACTORY", "StaticState.POOL",
                "StaticState.CLOCK", "StaticState.RANDOMS")) {
            assertEquals(1, count(violations, v -> v.contains(field)), () -> field + " in\n" + String.join("\n", violations));
        }
        assertEquals(0, count(violations, v -> v.contains("ownRandom")), () -> String.join("\n", violations));
        assertEquals(5, violations.size(), () -> String.join("\n", violations));
    }

    @Test
    void callingUlidCreatorIsReported() {
        List<String> violations = violations(NativeImageRules.NO_STATIC_RANDOM_HOLDER_APIS);

        assertEquals(1, violations.size(), () -> String.join("\n", violations));
        assertTrue(violations.get(0).contains("StaticUlid.next()") && violations.get(0).contains("UlidCreator.getMonotonicUlid()"),
                violations.get(0));
    }

    @Test
    void anUnregisteredTypeNestedInAJsonColumnIsReported() {
        List<String> violations = violations(NativeImageRules.JSON_COLUMN_TYPES_ARE_REGISTERED);

        assertEquals(1, violations.size(), () -> String.join("\n", violations));
        assertTrue(violations.get(0).contains("$Nested") && violations.get(0).contains("is not registered"), violations.get(0));
    }
}
