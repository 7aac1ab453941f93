package no.grantreports.reexport;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.util.Set;

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

    @ArchTest
    static final ArchRule onlyRepositoriesRunQueries = noClasses()
            .that().resideOutsideOfPackages("..repository..", "..database..")
            .should().callMethodWhere(runsAQuery())
            .because("SQL lives in the feature's repository; services hold transactions, not queries "
                    + "(database/ only pings PostgreSQL for its outage tracking)");

    private static final Set<String> SQL_CLIENT_QUERIES = Set.of("query", "preparedQuery");
    private static final Set<String> SESSION_QUERIES = Set.of("createQuery", "createNativeQuery", "createSelectionQuery",
            "createMutationQuery", "createNamedQuery", "find");
    private static final Set<String> PANACHE_ENTITY_QUERIES = Set.of("find", "findById", "findAll", "list", "listAll",
            "stream", "streamAll", "count", "update", "delete", "deleteAll", "deleteById", "persist", "persistAndFlush");

    /** A call that runs SQL: the reactive client, a Hibernate Reactive session, or a Panache entity's active-record methods. */
    private static DescribedPredicate<JavaMethodCall> runsAQuery() {
        return DescribedPredicate.describe("run a query (SQL client, Mutiny.Session, Panache entity methods)", call -> {
            JavaClass owner = call.getTargetOwner();
            String name = call.getName();
            return (owner.isAssignableTo("io.vertx.mutiny.sqlclient.SqlClient") || owner.isAssignableTo("io.vertx.sqlclient.SqlClient"))
                    && SQL_CLIENT_QUERIES.contains(name)
                    || owner.isAssignableTo("org.hibernate.reactive.mutiny.Mutiny$Session") && SESSION_QUERIES.contains(name)
                    || owner.isAssignableTo("io.quarkus.hibernate.reactive.panache.PanacheEntityBase")
                    && PANACHE_ENTITY_QUERIES.contains(name);
        });
    }
}
