package no.grantreports.reexport.nativeimage;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The native-image rules on the service's own classes, so a defect a native build would show fails
 * {@code ./mvnw verify} on a machine without a native builder. See docs/native.md.
 */
@AnalyzeClasses(packages = "no.grantreports.reexport", importOptions = ImportOption.DoNotIncludeTests.class)
class NativeImageTest {

    @ArchTest
    static final ArchRule panacheProjectionsAreRegistered = NativeImageRules.PANACHE_PROJECTIONS_ARE_REGISTERED;

    @ArchTest
    static final ArchRule noImageHeapHostileStaticState = NativeImageRules.NO_IMAGE_HEAP_HOSTILE_STATIC_STATE;

    @ArchTest
    static final ArchRule noStaticRandomHolderApis = NativeImageRules.NO_STATIC_RANDOM_HOLDER_APIS;

    @ArchTest
    static final ArchRule jsonColumnTypesAreRegistered = NativeImageRules.JSON_COLUMN_TYPES_ARE_REGISTERED;
}
