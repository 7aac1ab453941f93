package no.grantreports.reexport.nativeimage;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.AbstractClassesTransformer;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.all;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Rules for what a native image needs and a JVM forgives. No native builder runs in this project's
 * build, so these rules stand in for it: each one catches, on the JVM, a defect class that a native
 * build of this service has actually shown (docs/native.md).
 */
public final class NativeImageRules {

    static final String REGISTER_FOR_REFLECTION = "io.quarkus.runtime.annotations.RegisterForReflection";
    static final String SERVICE_PACKAGE = "no.grantreports.reexport";

    /**
     * Types that carry a random source, a thread pool, a timer or a clock. Quarkus initialises
     * classes at image build time, so such an object in a static field is frozen into the image heap:
     * the build fails (Random, SplittableRandom) or every process shares one seed and clock state.
     */
    static final List<String> IMAGE_HEAP_HOSTILE_TYPES = List.of(
            "java.util.Random", "java.util.SplittableRandom", "java.util.random.RandomGenerator",
            "java.util.concurrent.Executor", "java.util.Timer", "java.lang.Thread", "java.time.Clock",
            "java.time.InstantSource");

    /** Library packages whose objects hold a random source (UlidFactory holds a SecureRandom). */
    static final List<String> RANDOM_HOLDING_LIBRARIES = List.of("com.github.f4b6a3.ulid");

    /** Library classes that keep a random source in their own static state when used. */
    static final List<String> STATIC_RANDOM_HOLDERS = List.of("com.github.f4b6a3.ulid.UlidCreator");

    private NativeImageRules() {
    }

    /** Every class passed as a class literal to Panache's {@code project(Class)} is registered for reflection. */
    public static final ArchRule PANACHE_PROJECTIONS_ARE_REGISTERED = all(panacheProjectionCalls())
            .should(haveARegisteredClassLiteral())
            .because("Panache builds a projection through its constructor by reflection; unregistered, a native "
                    + "image fails at run time with ArrayIndexOutOfBoundsException in getConstructor");

    /** No static field holds a random source, thread pool, timer, clock, or a library object that holds one. */
    public static final ArchRule NO_IMAGE_HEAP_HOSTILE_STATIC_STATE = fieldsOfTheService().should(new ArchCondition<JavaField>(
            "not be static fields holding a random source, executor, timer, thread, clock or an object of "
                    + RANDOM_HOLDING_LIBRARIES) {
        @Override
        public void check(JavaField field, ConditionEvents events) {
            if (!field.getModifiers().contains(JavaModifier.STATIC)) {
                return;
            }
            for (JavaClass type : field.getType().getAllInvolvedRawTypes()) {
                boolean hostile = IMAGE_HEAP_HOSTILE_TYPES.stream().anyMatch(type::isAssignableTo)
                        || RANDOM_HOLDING_LIBRARIES.stream().anyMatch(p -> type.getPackageName().startsWith(p));
                if (hostile) {
                    events.add(SimpleConditionEvent.violated(field, field.getFullName() + " is static and of type "
                            + type.getName() + ": keep it in a bean, created at run time"));
                }
            }
        }
    }).because("classes are initialised at native image build time: such state is frozen into the image heap");

    /** The service does not call library APIs that keep a random source in static state. */
    public static final ArchRule NO_STATIC_RANDOM_HOLDER_APIS = noClasses()
            .that().resideInAPackage(SERVICE_PACKAGE + "..")
            .should().callMethodWhere(DescribedPredicate.describe("a static method of " + STATIC_RANDOM_HOLDERS,
                    (JavaMethodCall call) -> STATIC_RANDOM_HOLDERS.contains(call.getTargetOwner().getName())))
            .because("UlidCreator keeps its UlidFactory (with a SecureRandom) in a static holder, which a native "
                    + "image initialises at build time: 'Detected an instance of Random/SplittableRandom class in "
                    + "the image heap'. Use a UlidFactory owned by a bean (job/ReexportIds)");

    /** The types stored in JSON columns, and the types inside them, are registered for Jackson's reflection. */
    public static final ArchRule JSON_COLUMN_TYPES_ARE_REGISTERED = all(jsonColumnTypes())
            .should(beRegistered("is stored in a JSON column and read by Jackson"))
            .because("Hibernate's JSON format mapper reads and writes these through Jackson, by reflection");

    // ------------------------------------------------------------------------------------------ parts

    private static com.tngtech.archunit.lang.syntax.elements.GivenFieldsConjunction fieldsOfTheService() {
        return com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields()
                .that().areDeclaredInClassesThat().resideInAPackage(SERVICE_PACKAGE + "..");
    }

    /**
     * A call of Panache's project(Class) in the service, with the class literals on its line and the
     * names of all classes registered for reflection (conditions see one item, not the whole import).
     */
    record ProjectionCall(JavaMethodCall call, Set<String> literals, Set<String> registered) {
        @Override
        public String toString() {
            return call.getDescription();
        }
    }

    static boolean isPanacheProject(JavaMethodCall call) {
        JavaClass owner = call.getTargetOwner();
        List<JavaClass> parameters = call.getTarget().getRawParameterTypes();
        return call.getName().equals("project")
                && owner.getPackageName().startsWith("io.quarkus")
                && owner.getSimpleName().contains("Panache")
                && parameters.size() == 1 && parameters.get(0).isEquivalentTo(Class.class);
    }

    static AbstractClassesTransformer<ProjectionCall> panacheProjectionCalls() {
        return new AbstractClassesTransformer<>("Panache project(Class) calls") {
            @Override
            public Iterable<ProjectionCall> doTransform(JavaClasses classes) {
                Set<String> registered = registeredClassNames(classes);
                return classes.stream()
                        .filter(c -> c.getPackageName().startsWith(SERVICE_PACKAGE))
                        .flatMap(c -> c.getMethodCallsFromSelf().stream()
                                .filter(NativeImageRules::isPanacheProject)
                                .map(call -> new ProjectionCall(call, literalsOnTheLineOf(c, call), registered)))
                        .collect(Collectors.toList());
            }
        };
    }

    /**
     * The class literal each {@code project(Class)} call on the call's line is given: the bytecode
     * instruction just before the call loads it (ldc). A class held in a variable gives none (the
     * rule then fails: its registration cannot be checked). ArchUnit does not expose argument values.
     */
    private static Set<String> literalsOnTheLineOf(JavaClass declaring, JavaMethodCall call) {
        ClassNode node = classNode(declaring);
        // ArchUnit attributes a call inside a lambda to the enclosing method; javac puts it in a lambda$ method
        List<String> found = node.methods.stream()
                .filter(m -> m.name.equals(call.getOwner().getName()) && m.desc.equals(call.getOwner().getDescriptor()))
                .map(m -> projectArguments(m, call.getLineNumber())).filter(l -> !l.isEmpty()).findFirst()
                .orElseGet(() -> node.methods.stream().filter(m -> m.name.startsWith("lambda$"))
                        .flatMap(m -> projectArguments(m, call.getLineNumber()).stream()).collect(Collectors.toList()));
        return found.isEmpty() || found.contains(null) ? Set.of() : Set.copyOf(found);
    }

    /** The class literal given to each project(Class) call on the line, or null where it is not a literal. */
    private static List<String> projectArguments(MethodNode method, int wantedLine) {
        List<String> arguments = new java.util.ArrayList<>();
        int line = -1;
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof LineNumberNode number) {
                line = number.line;
            } else if (insn instanceof MethodInsnNode invoke && invoke.name.equals("project")
                    && invoke.desc.startsWith("(Ljava/lang/Class;)") && line == wantedLine) {
                AbstractInsnNode previous = invoke.getPrevious();
                while (previous != null && previous.getOpcode() < 0) {
                    previous = previous.getPrevious(); // labels, line numbers, frames
                }
                arguments.add(previous instanceof LdcInsnNode ldc && ldc.cst instanceof Type type ? type.getClassName() : null);
            }
        }
        return arguments;
    }

    private static ClassNode classNode(JavaClass declaring) {
        String resource = declaring.getName().replace('.', '/') + ".class";
        try (InputStream in = NativeImageRules.class.getClassLoader().getResourceAsStream(resource)) {
            ClassNode node = new ClassNode();
            new ClassReader(in).accept(node, 0);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    private static ArchCondition<ProjectionCall> haveARegisteredClassLiteral() {
        return new ArchCondition<>("be given a class literal registered for reflection") {
            @Override
            public void check(ProjectionCall projection, ConditionEvents events) {
                if (projection.literals().isEmpty()) {
                    events.add(SimpleConditionEvent.violated(projection, projection.call().getDescription()
                            + " is not given a class literal on its line, so its registration cannot be checked"));
                    return;
                }
                for (String literal : projection.literals()) {
                    boolean ok = projection.registered().contains(literal);
                    events.add(new SimpleConditionEvent(projection, ok, literal + " (projected in "
                            + projection.call().getSourceCodeLocation() + ") is " + (ok ? "" : "not ")
                            + "annotated @RegisterForReflection nor listed in any @RegisterForReflection(targets)"));
                }
            }
        };
    }

    /** Names of the classes registered in the import: annotated themselves or listed in targets/classNames. */
    static Set<String> registeredClassNames(Iterable<JavaClass> classes) {
        Set<String> names = new HashSet<>();
        for (JavaClass c : classes) {
            c.tryGetAnnotationOfType(REGISTER_FOR_REFLECTION).ifPresent(a -> {
                Object[] targets = (Object[]) a.get("targets").orElse(new Object[0]);
                String[] classNames = (String[]) a.get("classNames").orElse(new String[0]);
                if (targets.length == 0 && classNames.length == 0) {
                    names.add(c.getName());
                }
                for (Object t : targets) {
                    names.add(((JavaClass) t).getName());
                }
                names.addAll(List.of(classNames));
            });
        }
        return names;
    }

    /** A type found inside a JSON column, and whether it is registered. */
    record JsonColumnType(JavaClass type, boolean registered) {
        @Override
        public String toString() {
            return type.getName();
        }
    }

    static AbstractClassesTransformer<JsonColumnType> jsonColumnTypes() {
        return new AbstractClassesTransformer<>("types stored in JSON columns") {
            @Override
            public Iterable<JsonColumnType> doTransform(JavaClasses classes) {
                Set<String> registered = registeredClassNames(classes);
                Set<JavaClass> found = new HashSet<>();
                Deque<JavaClass> todo = new ArrayDeque<>();
                classes.stream().filter(c -> c.isAnnotatedWith("jakarta.persistence.Entity"))
                        .flatMap(c -> c.getFields().stream())
                        .filter(NativeImageRules::isJsonColumn)
                        .forEach(f -> todo.addAll(f.getType().getAllInvolvedRawTypes()));
                while (!todo.isEmpty()) {
                    JavaClass type = todo.pop();
                    if (!type.getPackageName().startsWith(SERVICE_PACKAGE) || !found.add(type)) {
                        continue;
                    }
                    type.getFields().stream().filter(f -> !f.getModifiers().contains(JavaModifier.STATIC))
                            .forEach(f -> todo.addAll(f.getType().getAllInvolvedRawTypes()));
                }
                return found.stream().map(t -> new JsonColumnType(t, registered.contains(t.getName())))
                        .collect(Collectors.toList());
            }
        };
    }

    private static boolean isJsonColumn(JavaField field) {
        return field.tryGetAnnotationOfType("org.hibernate.annotations.JdbcTypeCode")
                .map((JavaAnnotation<JavaField> a) -> a.get("value").map(v -> ((Integer) v) == org.hibernate.type.SqlTypes.JSON).orElse(false))
                .orElse(false);
    }

    private static ArchCondition<JsonColumnType> beRegistered(String why) {
        return new ArchCondition<>("be registered for reflection") {
            @Override
            public void check(JsonColumnType item, ConditionEvents events) {
                events.add(new SimpleConditionEvent(item, item.registered(), item.type().getName() + " " + why
                        + " but is " + (item.registered() ? "" : "not ") + "registered for reflection"));
            }
        };
    }
}
