package no.grantreports.reexport;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The house rules that a reviewer would otherwise have to remember. */
@AnalyzeClasses(packages = "no.grantreports.reexport", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule resourcesDoNotTouchRepositories = noClasses()
            .that().resideInAPackage("..rest..")
            .should().dependOnClassesThat().resideInAPackage("..repository..")
            .because("resources go through services, where transactions live");

    @ArchTest
    static final ArchRule writersArePlainJava = noClasses()
            .that().resideInAPackage("..export..")
            .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "io.vertx..", "io.smallrye..",
                    "jakarta.enterprise..", "jakarta.inject..", "jakarta.persistence..", "org.hibernate..")
            .because("file writers stream plain Java and are tested without the framework");

    @ArchTest
    static final ArchRule transactionsLiveInServices = noClasses()
            .that().resideInAPackage("..rest..")
            .should().dependOnClassesThat().haveFullyQualifiedName(
                    "io.quarkus.hibernate.reactive.panache.common.WithTransaction")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("io.quarkus.hibernate.reactive.panache.Panache");

    @ArchTest
    static final ArchRule featurePackagesAreFreeOfCycles = slices().matching("..reexport.(*)..").should().beFreeOfCycles()
            .because("a package that depends on another both ways cannot be understood, tested or moved alone "
                    + "(the drawing is in docs/architecture.md)");

    @ArchTest
    static final ArchRule theEmbeddedDatabaseStaysInItsCorner = noClasses()
            .that().resideOutsideOfPackage("..config.devdb..")
            .should().dependOnClassesThat().resideInAPackage("io.zonky..");
}
