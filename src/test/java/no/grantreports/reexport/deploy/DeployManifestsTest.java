package no.grantreports.reexport.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.quarkus.runtime.configuration.DurationConverter;
import no.grantreports.reexport.config.ConfigurationReferenceTest;
import no.grantreports.reexport.config.ReexportConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Validates every manifest in deploy/k8s and deploy/knative (typed Kubernetes/Knative models, no unknown
 * field anywhere, the fields an operator relies on) and the Dockerfiles, against the service's real
 * configuration keys, health paths and shutdown grace. Plain JUnit: no Quarkus boot.
 */
class DeployManifestsTest {

    static final Path DEPLOY = Path.of("deploy");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final int HTTP_PORT = 8080;
    /** Time the worker needs after its grace to give unfinished claims back (ReexportWorker.onShutdown). */
    static final Duration RELEASE_CLAIMS = Duration.ofSeconds(5);

    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "apps/v1/Deployment", Deployment.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "batch/v1/Job", Job.class,
            "serving.knative.dev/v1/Service", io.fabric8.knative.serving.v1.Service.class);

    record Manifest(Path file, HasMetadata object) {
        String where() {
            return file + " " + object.getKind() + "/" + object.getMetadata().getName();
        }
    }

    static List<Path> manifestFiles() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.walk(DEPLOY.resolve("k8s")), Files.walk(DEPLOY.resolve("knative")))) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml")) // kustomize's, not the API's
                    .sorted().toList();
        }
    }

    /**
     * {@code kubectl apply -k deploy/k8s} installs the service: the kustomization lists every manifest of
     * deploy/k8s but the Secret template (placeholders; the Secrets are created by the operator) and
     * optional/ (the migration Job runs on its own), each exactly once, and puts them in the namespace.
     */
    @Test
    void theKustomizationInstallsEveryManifestButTheSecretTemplate() throws IOException {
        JsonNode kustomization = YAML.readTree(DEPLOY.resolve("k8s/kustomization.yaml").toFile());
        assertEquals("kustomize.config.k8s.io/v1beta1", kustomization.path("apiVersion").asText());
        assertEquals("Kustomization", kustomization.path("kind").asText());
        assertEquals("reexport", kustomization.path("namespace").asText());
        List<String> resources = new ArrayList<>();
        kustomization.path("resources").forEach(r -> resources.add(r.asText()));
        assertEquals(resources.size(), new TreeSet<>(resources).size(), "listed twice: " + resources);
        Set<String> expected;
        try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
            expected = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .filter(n -> !n.equals("kustomization.yaml") && !n.equals("secret.template.yaml"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(expected, new TreeSet<>(resources), "deploy/k8s/kustomization.yaml resources");
        assertTrue(kustomization.path("namespace").isTextual() && resources.contains("namespace.yaml"));
    }

    private static List<Manifest> loaded;

    static synchronized List<Manifest> manifests() throws IOException {
        if (loaded == null) {
            loaded = load();
        }
        return loaded;
    }

    static List<Manifest> load() throws IOException {
        List<Manifest> all = new ArrayList<>();
        for (Path file : manifestFiles()) {
            for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll()) {
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
                Class<? extends HasMetadata> kind = KINDS.get(type);
                assertNotNull(kind, file + ": unexpected or missing apiVersion/kind " + type);
                all.add(new Manifest(file, YAML.treeToValue(document, kind)));
            }
        }
        return all;
    }

    static <T> List<T> ofType(List<Manifest> all, Class<T> type) {
        return all.stream().map(Manifest::object).filter(type::isInstance).map(type::cast).toList();
    }

    static <T> T one(List<Manifest> all, Class<T> type, Path file) {
        List<T> found = all.stream().filter(m -> m.file().equals(file)).map(Manifest::object)
                .filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), file + " holds one " + type.getSimpleName());
        return found.get(0);
    }

    // ------------------------------------------------------------------------------------------------
    // Schema: the typed models accept every document, and nothing lands in "additionalProperties"
    // (the models' bucket for fields that the API does not know, i.e. typos or wrong nesting).
    // ------------------------------------------------------------------------------------------------

    @Test
    void everyManifestIsAKnownTypeWithoutUnknownFields() throws Exception {
        List<Manifest> all = manifests();
        assertTrue(all.size() >= 10, "manifests found: " + all.size());
        for (Manifest manifest : all) {
            List<String> unknown = new ArrayList<>();
            unknownFields(manifest.object(), manifest.object().getKind(), unknown);
            assertEquals(List.of(), unknown, manifest.file() + ": fields the API does not know");
            assertFalse(manifest.object().getMetadata().getName() == null || manifest.object().getMetadata().getName().isBlank(),
                    manifest.file() + ": metadata.name");
            if (!(manifest.object() instanceof Namespace)) {
                assertEquals("reexport", manifest.object().getMetadata().getNamespace(), manifest.where() + ": namespace");
            }
        }
        Set<String> files = all.stream().map(m -> DEPLOY.relativize(m.file()).toString()).collect(Collectors.toSet());
        assertTrue(files.containsAll(Set.of("k8s/namespace.yaml", "k8s/deployment.yaml", "k8s/service.yaml", "k8s/configmap.yaml",
                "k8s/secret.template.yaml", "k8s/hpa.yaml", "k8s/pdb.yaml", "knative/service.yaml")), files.toString());
    }

    @Test
    void theValidatorNoticesAnUnknownField() throws Exception {
        JsonNode document = YAML.readTree(DEPLOY.resolve("k8s/deployment.yaml").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) document.at("/spec/template/spec/containers/0"))
                .put("readinessprobe", "typo");
        List<String> unknown = new ArrayList<>();
        unknownFields(YAML.treeToValue(document, Deployment.class), "Deployment", unknown);
        assertEquals(List.of("Deployment.spec.template.spec.containers[0].readinessprobe"), unknown);
    }

    static void unknownFields(Object value, String path, List<String> unknown) throws Exception {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof Enum) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                unknownFields(entry.getValue(), path + "." + entry.getKey(), unknown);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() > 0 || Modifier.isStatic(getter.getModifiers()) || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = getter.getName();
            if (name.equals("getAdditionalProperties")) {
                Map<?, ?> extra = (Map<?, ?>) getter.invoke(value);
                if (extra != null) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            } else if (name.startsWith("get") && !(value instanceof IntOrString) && !(value instanceof Quantity)) {
                String field = Character.toLowerCase(name.charAt(3)) + name.substring(4);
                unknownFields(getter.invoke(value), path + "." + field, unknown);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // The workloads: hardened, probed, sized, and stopping gracefully.
    // ------------------------------------------------------------------------------------------------

    @Test
    void theDeploymentIsHardenedProbedAndSized() throws IOException {
        List<Manifest> all = manifests();
        Deployment deployment = one(all, Deployment.class, DEPLOY.resolve("k8s/deployment.yaml"));
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = single(pod);
        checkHardened("Deployment", pod, container);
        checkTmpIsAnEmptyDir("Deployment", pod, container);
        assertEquals(deployment.getSpec().getSelector().getMatchLabels(),
                subset(deployment.getSpec().getTemplate().getMetadata().getLabels(), deployment.getSpec().getSelector().getMatchLabels()),
                "the selector matches the pod labels");
        assertTrue(deployment.getSpec().getReplicas() >= 2, "several replicas");
        assertEquals(0, deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal(), "rollouts keep capacity");

        assertEquals(List.of(HTTP_PORT), container.getPorts().stream().map(ContainerPort::getContainerPort).toList());
        assertEquals("/q/health/started", path(container.getStartupProbe(), container));
        assertEquals("/q/health/ready", path(container.getReadinessProbe(), container));
        assertEquals("/q/health/live", path(container.getLivenessProbe(), container));
        assertTrue(container.getStartupProbe().getPeriodSeconds() * container.getStartupProbe().getFailureThreshold() >= 60,
                "a minute to start (migrations run before the service listens)");
    }

    @Test
    void theMigrationJobAndTheKnativeServiceAreHardenedToo() throws IOException {
        List<Manifest> all = manifests();
        Job job = one(all, Job.class, DEPLOY.resolve("k8s/optional/migration-job.yaml"));
        PodSpec jobPod = job.getSpec().getTemplate().getSpec();
        checkHardened("Job", jobPod, single(jobPod));
        checkTmpIsAnEmptyDir("Job", jobPod, single(jobPod));
        assertEquals("Never", jobPod.getRestartPolicy());
        assertTrue(single(jobPod).getEnv().stream().anyMatch(e -> e.getName().equals("QUARKUS_INIT_AND_EXIT") && e.getValue().equals("true")));

        io.fabric8.knative.serving.v1.Service knative = one(all, io.fabric8.knative.serving.v1.Service.class,
                DEPLOY.resolve("knative/service.yaml"));
        var revision = knative.getSpec().getTemplate();
        PodSpec pod = new PodSpec();
        pod.setContainers(revision.getSpec().getContainers());
        pod.setVolumes(revision.getSpec().getVolumes());
        pod.setSecurityContext(revision.getSpec().getSecurityContext());
        Container container = single(pod);
        checkHardened("Knative Service", pod, container);
        checkTmpIsAnEmptyDir("Knative Service", pod, container);
        assertTrue(container.getImage().endsWith("-native"), "Knative runs the native image: " + container.getImage());
        assertEquals(List.of(HTTP_PORT), container.getPorts().stream().map(ContainerPort::getContainerPort).toList());
        assertEquals("/q/health/ready", path(container.getReadinessProbe(), container));
        assertEquals("/q/health/live", path(container.getLivenessProbe(), container));
        assertEquals("0", revision.getMetadata().getAnnotations().get("autoscaling.knative.dev/min-scale"), "scales to zero");
        Duration scaleDownDelay = DurationConverter.parseDuration(
                revision.getMetadata().getAnnotations().get("autoscaling.knative.dev/scale-down-delay"));
        assertTrue(scaleDownDelay.compareTo(workerSetting(all, "REEXPORT_WORKER_LEASE")) > 0,
                "the last pod outlives a running export's lease after the last request");
    }

    /** The health paths are Quarkus' defaults, which HealthTest calls: nothing in the configuration moves them. */
    @Test
    void theProbedPathsAndPortAreTheServicesOwn() throws IOException {
        String properties = Files.readString(Path.of("src/main/resources/application.properties"));
        for (String key : List.of("quarkus.http.port", "quarkus.http.root-path", "quarkus.http.non-application-root-path",
                "quarkus.smallrye-health.root-path", "quarkus.smallrye-health.liveness-path",
                "quarkus.smallrye-health.readiness-path", "quarkus.smallrye-health.startup-path")) {
            assertFalse(Pattern.compile("(?m)^(%\\w+\\.)?" + Pattern.quote(key) + "\\s*=").matcher(properties).find(),
                    key + " is set: the probes in deploy/ would miss");
        }
        String healthTest = Files.readString(Path.of("src/test/java/no/grantreports/reexport/HealthTest.java"));
        for (String path : List.of("/q/health/live", "/q/health/ready", "/q/health/started")) {
            assertTrue(healthTest.contains("\"" + path + "\""), "HealthTest calls " + path);
        }
    }

    /**
     * SIGTERM comes after preStop; then Quarkus drains HTTP (quarkus.shutdown.timeout), the worker lets
     * running exports finish (reexport.worker.shutdown-grace) and gives the rest back. The kubelet must
     * not SIGKILL before all of that.
     */
    @Test
    void terminationGraceExceedsTheShutdownBudget() throws IOException {
        List<Manifest> all = manifests();
        Deployment deployment = one(all, Deployment.class, DEPLOY.resolve("k8s/deployment.yaml"));
        Container container = single(deployment.getSpec().getTemplate().getSpec());
        assertNotNull(container.getLifecycle().getPreStop().getSleep(), "preStop sleeps");
        Duration preStop = Duration.ofSeconds(container.getLifecycle().getPreStop().getSleep().getSeconds());
        assertTrue(preStop.toSeconds() >= 3, "preStop gives the endpoints time to drop the pod");

        Map<String, String> env = environment(all, deployment.getSpec().getTemplate().getSpec());
        Duration httpDrain = Optional.ofNullable(env.get("QUARKUS_SHUTDOWN_TIMEOUT")).map(DurationConverter::parseDuration)
                .orElse(Duration.ZERO);
        Duration workerGrace = workerSetting(all, "REEXPORT_WORKER_SHUTDOWN_GRACE");
        Duration budget = preStop.plus(httpDrain).plus(workerGrace).plus(RELEASE_CLAIMS);
        long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        assertTrue(grace > budget.toSeconds(), "terminationGracePeriodSeconds " + grace + " must exceed " + budget.toSeconds()
                + " s (preStop " + preStop.toSeconds() + " + HTTP drain " + httpDrain.toSeconds() + " + worker grace "
                + workerGrace.toSeconds() + " + release " + RELEASE_CLAIMS.toSeconds() + ")");
    }

    // ------------------------------------------------------------------------------------------------
    // Names: every variable the manifests set is a setting of the service; every reference resolves.
    // ------------------------------------------------------------------------------------------------

    @Test
    void everyEnvironmentVariableIsASettingOfTheService() throws IOException {
        List<Manifest> all = manifests();
        Set<String> reexportKeys = ConfigurationReferenceTest.fromMapping().keySet().stream()
                .filter(k -> !k.contains("*")).collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = documentedVariables();
        Map<String, String> setBy = new LinkedHashMap<>();
        for (Manifest m : all) {
            if (m.object() instanceof ConfigMap cm && cm.getData() != null) {
                cm.getData().keySet().forEach(k -> setBy.put(k, m.where()));
            }
            if (m.object() instanceof Secret s && envFromSecret(all, s.getMetadata().getName())) {
                keys(s).forEach(k -> setBy.put(k, m.where()));
            }
            for (PodSpec pod : pods(m.object())) {
                for (Container c : pod.getContainers()) {
                    Optional.ofNullable(c.getEnv()).orElse(List.of()).forEach(e -> setBy.put(e.getName(), m.where()));
                }
            }
        }
        assertTrue(setBy.size() > 10, setBy.keySet().toString());
        List<String> wrong = new ArrayList<>();
        setBy.forEach((name, where) -> {
            boolean known = name.startsWith("REEXPORT_") ? reexportKeys.contains(name) : documented.contains(name);
            if (!known) {
                wrong.add(name + " (" + where + ")");
            }
        });
        assertEquals(List.of(), wrong, "not a setting of the service (REEXPORT_* from ReexportConfig; others must be "
                + "documented in docs/configuration.md or deploy/README.md)");
    }

    @Test
    void theValuesParseAsTheServiceWillParseThem() throws IOException {
        List<Manifest> all = manifests();
        ConfigMap config = one(all, ConfigMap.class, DEPLOY.resolve("k8s/configmap.yaml"));
        Map<String, String> data = config.getData();
        String storage = data.get("REEXPORT_STORAGE_TYPE");
        assertTrue(Arrays.stream(ReexportConfig.StorageType.values()).anyMatch(t -> t.name().equalsIgnoreCase(storage)), storage);
        assertEquals("s3", storage, "Kubernetes defaults to S3: replicas share no volume");
        assertFalse(data.getOrDefault("REEXPORT_STORAGE_S3_BUCKET", "").isBlank(), "S3 needs a bucket");
        assertTrue(data.get("QUARKUS_DATASOURCE_REACTIVE_URL").startsWith("postgresql://"));
        assertTrue(data.get("QUARKUS_DATASOURCE_JDBC_URL").startsWith("jdbc:postgresql://"));
        data.forEach((key, value) -> {
            if (key.startsWith("REEXPORT_") && isDuration(key)) {
                DurationConverter.parseDuration(value);
            }
        });
    }

    @Test
    void everyReferenceResolves() throws IOException {
        List<Manifest> all = manifests();
        Set<String> configMaps = ofType(all, ConfigMap.class).stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet());
        Map<String, Secret> secrets = ofType(all, Secret.class).stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
        Set<String> accounts = ofType(all, ServiceAccount.class).stream().map(a -> a.getMetadata().getName()).collect(Collectors.toSet());
        for (Manifest m : all) {
            for (PodSpec pod : pods(m.object())) {
                if (pod.getServiceAccountName() != null) {
                    assertTrue(accounts.contains(pod.getServiceAccountName()), m.where() + ": service account");
                }
                Container c = single(pod);
                for (EnvFromSource from : c.getEnvFrom()) {
                    if (from.getConfigMapRef() != null) {
                        assertTrue(configMaps.contains(from.getConfigMapRef().getName()), m.where() + ": " + from);
                    }
                    if (from.getSecretRef() != null) {
                        assertTrue(secrets.containsKey(from.getSecretRef().getName()), m.where() + ": " + from);
                    }
                }
                for (EnvVar env : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        String name = env.getValueFrom().getSecretKeyRef().getName();
                        // The migration account's Secret is created by the operator (deploy/README.md).
                        assertTrue(secrets.containsKey(name) || documentedSecret(name), m.where() + ": secret " + name);
                    }
                }
                for (Volume v : pod.getVolumes()) {
                    if (v.getSecret() != null) {
                        assertTrue(secrets.containsKey(v.getSecret().getSecretName()), m.where() + ": volume " + v.getName());
                    }
                }
                // The public key file is where MP_JWT_VERIFY_PUBLICKEY_LOCATION says.
                String keyFile = environment(all, pod).get("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
                assertNotNull(keyFile, m.where() + ": MP_JWT_VERIFY_PUBLICKEY_LOCATION");
                VolumeMount mount = c.getVolumeMounts().stream().filter(vm -> keyFile.startsWith(vm.getMountPath() + "/"))
                        .findFirst().orElseThrow(() -> new AssertionError(m.where() + ": nothing mounted at " + keyFile));
                Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
                assertTrue(keys(secrets.get(volume.getSecret().getSecretName())).contains(keyFile.substring(mount.getMountPath().length() + 1)),
                        m.where() + ": the Secret has no key for " + keyFile);
            }
        }
        Deployment deployment = one(all, Deployment.class, DEPLOY.resolve("k8s/deployment.yaml"));
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        Service service = one(all, Service.class, DEPLOY.resolve("k8s/service.yaml"));
        assertEquals(service.getSpec().getSelector(), subset(podLabels, service.getSpec().getSelector()), "Service selects the pods");
        Set<String> portNames = single(deployment.getSpec().getTemplate().getSpec()).getPorts().stream()
                .map(ContainerPort::getName).collect(Collectors.toSet());
        service.getSpec().getPorts().forEach(p -> assertTrue(portNames.contains(p.getTargetPort().getStrVal())
                || Objects.equals(p.getTargetPort().getIntVal(), HTTP_PORT), "Service targets the container port"));
        PodDisruptionBudget pdb = one(all, PodDisruptionBudget.class, DEPLOY.resolve("k8s/pdb.yaml"));
        assertEquals(pdb.getSpec().getSelector().getMatchLabels(), subset(podLabels, pdb.getSpec().getSelector().getMatchLabels()));
        HorizontalPodAutoscaler hpa = one(all, HorizontalPodAutoscaler.class, DEPLOY.resolve("k8s/hpa.yaml"));
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals(deployment.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
        assertTrue(hpa.getSpec().getMinReplicas() >= 2, "the PDB (maxUnavailable 1) leaves one pod");
    }

    // ------------------------------------------------------------------------------------------------
    // Dockerfiles (no engine here to build them): multi-stage, non-root, nothing of the build shipped.
    // ------------------------------------------------------------------------------------------------

    @Test
    void theDockerfilesShipOnlyTheApplicationAsANonRootUser() throws IOException {
        for (String name : List.of("Dockerfile.jvm", "Dockerfile.native")) {
            Path file = DEPLOY.resolve("docker").resolve(name);
            List<String> lines = instructions(Files.readString(file));
            List<Integer> froms = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("FROM ")) {
                    froms.add(i);
                }
            }
            assertTrue(froms.size() >= 2, name + " is multi-stage");
            List<String> last = lines.subList(froms.get(froms.size() - 1), lines.size());
            String base = last.get(0);
            assertFalse(base.matches("(?i).*(jdk|maven|builder).*"), name + ": the final stage has no build tools: " + base);
            List<String> users = last.stream().filter(l -> l.startsWith("USER ")).toList();
            assertFalse(users.isEmpty(), name + ": the final stage sets USER");
            String user = users.get(users.size() - 1).substring(5).trim().split(":")[0];
            assertTrue(user.matches("\\d+") && Integer.parseInt(user) > 0, name + ": numeric non-root USER (runAsNonRoot can check it): " + user);
            assertTrue(last.contains("EXPOSE " + HTTP_PORT), name + ": EXPOSE " + HTTP_PORT);
            assertTrue(last.stream().anyMatch(l -> l.startsWith("ENTRYPOINT [")), name + ": exec-form ENTRYPOINT (the process gets SIGTERM)");
            for (String l : last) {
                assertFalse(l.matches("(?i).*\\b(mvnw|mvn|maven)\\b.*"), name + ": the final stage runs no build: " + l);
                if (l.startsWith("COPY ") || l.startsWith("ADD ")) {
                    assertTrue(l.contains("--from=builder"), name + ": the final stage copies only build results: " + l);
                }
            }
        }
        String jvm = Files.readString(DEPLOY.resolve("docker/Dockerfile.jvm"));
        // the fast path by default (issue 14): JDK 25 with the AOT cache; 17 without it on request
        assertTrue(jvm.contains("ARG JAVA_VERSION=25"), "JAVA_VERSION build argument, 25 by default");
        assertEquals(2, Pattern.compile("(?m)^ARG AOT=true$").matcher(jvm).results().count(),
                "AOT build argument, on by default in both stages");
        assertTrue(jvm.contains("-XX:AOTCache=app.aot"), "the AOT variant starts with the cache");
        assertTrue(jvm.contains("-XX:MaxRAMPercentage=") && jvm.contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager"));
    }

    /** Instructions with line continuations joined and comments dropped. */
    static List<String> instructions(String dockerfile) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                result.add(current.append(trimmed).toString());
                current.setLength(0);
            }
        }
        return result;
    }

    // ------------------------------------------------------------------------------------------------

    static void checkHardened(String what, PodSpec pod, Container container) {
        PodSecurityContext podSecurity = pod.getSecurityContext();
        SecurityContext security = container.getSecurityContext();
        assertNotNull(security, what + ": container securityContext");
        Boolean nonRoot = security.getRunAsNonRoot() != null ? security.getRunAsNonRoot()
                : podSecurity == null ? null : podSecurity.getRunAsNonRoot();
        Long uid = security.getRunAsUser() != null ? security.getRunAsUser() : podSecurity == null ? null : podSecurity.getRunAsUser();
        assertEquals(Boolean.TRUE, nonRoot, what + ": runAsNonRoot");
        assertTrue(uid != null && uid > 0, what + ": runAsUser non-root");
        String seccomp = security.getSeccompProfile() != null ? security.getSeccompProfile().getType()
                : podSecurity == null || podSecurity.getSeccompProfile() == null ? null : podSecurity.getSeccompProfile().getType();
        assertEquals("RuntimeDefault", seccomp, what + ": seccomp profile");
        assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), what + ": readOnlyRootFilesystem");
        assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), what + ": allowPrivilegeEscalation");
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), what + ": drops all capabilities");
        assertFalse(container.getImage() == null || container.getImage().isBlank(), what + ": image");
        for (String resource : List.of("cpu", "memory")) {
            assertNotNull(container.getResources().getRequests().get(resource), what + ": requests." + resource);
            assertNotNull(container.getResources().getLimits().get(resource), what + ": limits." + resource);
            assertTrue(Quantity.getAmountInBytes(container.getResources().getRequests().get(resource))
                    .compareTo(Quantity.getAmountInBytes(container.getResources().getLimits().get(resource))) <= 0, what + ": request <= limit");
        }
    }

    /** Exports are built in java.io.tmpdir (/tmp) before they are stored: writable although the root is not. */
    static void checkTmpIsAnEmptyDir(String what, PodSpec pod, Container container) {
        VolumeMount tmp = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst()
                .orElseThrow(() -> new AssertionError(what + ": nothing mounted at /tmp"));
        assertNotEquals(Boolean.TRUE, tmp.getReadOnly(), what);
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmp.getName())).findFirst().orElseThrow();
        assertNotNull(volume.getEmptyDir(), what + ": /tmp is an emptyDir");
    }

    static void assertNotEquals(Object unexpected, Object actual, String message) {
        if (Objects.equals(unexpected, actual)) {
            fail(message);
        }
    }

    static Container single(PodSpec pod) {
        assertEquals(1, pod.getContainers().size(), "one container");
        return pod.getContainers().get(0);
    }

    static String path(Probe probe, Container container) {
        assertNotNull(probe, "probe");
        HTTPGetAction get = probe.getHttpGet();
        IntOrString port = get.getPort();
        int number = port.getIntVal() != null ? port.getIntVal() : container.getPorts().stream()
                .filter(p -> p.getName().equals(port.getStrVal())).findFirst().orElseThrow().getContainerPort();
        assertEquals(HTTP_PORT, number, "probe port");
        return get.getPath();
    }

    static List<PodSpec> pods(HasMetadata object) {
        if (object instanceof Deployment d) {
            return List.of(d.getSpec().getTemplate().getSpec());
        }
        if (object instanceof Job j) {
            return List.of(j.getSpec().getTemplate().getSpec());
        }
        if (object instanceof io.fabric8.knative.serving.v1.Service k) {
            PodSpec pod = new PodSpec();
            pod.setContainers(k.getSpec().getTemplate().getSpec().getContainers());
            pod.setVolumes(k.getSpec().getTemplate().getSpec().getVolumes());
            pod.setServiceAccountName(k.getSpec().getTemplate().getSpec().getServiceAccountName());
            return List.of(pod);
        }
        return List.of();
    }

    /** What the container sees: envFrom ConfigMaps/Secrets, then env. */
    static Map<String, String> environment(List<Manifest> all, PodSpec pod) {
        Map<String, String> env = new LinkedHashMap<>();
        Container c = single(pod);
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                ofType(all, ConfigMap.class).stream().filter(cm -> cm.getMetadata().getName().equals(from.getConfigMapRef().getName()))
                        .forEach(cm -> env.putAll(cm.getData()));
            }
            if (from.getSecretRef() != null) {
                ofType(all, Secret.class).stream().filter(s -> s.getMetadata().getName().equals(from.getSecretRef().getName()))
                        .forEach(s -> keys(s).forEach(k -> env.put(k, "(secret)")));
            }
        }
        Optional.ofNullable(c.getEnv()).orElse(List.of()).forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }

    static Duration workerSetting(List<Manifest> all, String envName) {
        Deployment deployment = one(all, Deployment.class, DEPLOY.resolve("k8s/deployment.yaml"));
        String value = environment(all, deployment.getSpec().getTemplate().getSpec()).get(envName);
        return value != null ? DurationConverter.parseDuration(value) : defaultOf(envName);
    }

    /** The default the service itself has (ReexportConfig's @WithDefault), so the check cannot drift. */
    static Duration defaultOf(String envName) {
        String value = ConfigurationReferenceTest.fromMapping().get(envName);
        assertNotNull(value, envName + " has a default in ReexportConfig");
        return DurationConverter.parseDuration(value);
    }

    static boolean isDuration(String envName) {
        return durationKeys().contains(envName);
    }

    static Set<String> durationKeys() {
        Set<String> keys = new TreeSet<>();
        collectDurations(ReexportConfig.class, "reexport", keys);
        return keys;
    }

    static void collectDurations(Class<?> group, String prefix, Set<String> keys) {
        for (Method m : group.getDeclaredMethods()) {
            if (m.isDefault() || m.getParameterCount() > 0 || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            io.smallrye.config.WithName withName = m.getAnnotation(io.smallrye.config.WithName.class);
            String name = prefix + "." + (withName != null ? withName.value() : ConfigurationReferenceTest.kebab(m.getName()));
            if (m.getReturnType() == Duration.class) {
                keys.add(ConfigurationReferenceTest.env(name));
            } else if (m.getReturnType().isInterface() && m.getReturnType().getName().startsWith(ReexportConfig.class.getName() + "$")) {
                collectDurations(m.getReturnType(), name, keys);
            }
        }
    }

    static boolean envFromSecret(List<Manifest> all, String secret) {
        return all.stream().flatMap(m -> pods(m.object()).stream()).flatMap(p -> p.getContainers().stream())
                .flatMap(c -> c.getEnvFrom().stream())
                .anyMatch(f -> f.getSecretRef() != null && f.getSecretRef().getName().equals(secret));
    }

    static Set<String> keys(Secret secret) {
        Set<String> keys = new TreeSet<>();
        if (secret.getData() != null) {
            keys.addAll(secret.getData().keySet());
        }
        if (secret.getStringData() != null) {
            keys.addAll(secret.getStringData().keySet());
        }
        return keys;
    }

    static Map<String, String> subset(Map<String, String> labels, Map<String, String> wanted) {
        Map<String, String> found = new LinkedHashMap<>();
        wanted.keySet().forEach(k -> {
            if (labels.containsKey(k)) {
                found.put(k, labels.get(k));
            }
        });
        return found;
    }

    /** Environment variables named in backticks in the configuration page or deploy/README.md (the allowlist for non-REEXPORT_* names). */
    static Set<String> documentedVariables() throws IOException {
        Set<String> names = new TreeSet<>();
        for (Path doc : List.of(Path.of("docs/configuration.md"), DEPLOY.resolve("README.md"))) {
            Matcher m = Pattern.compile("`((?:QUARKUS|MP|AWS|JAVA)_[A-Z0-9_]+)`").matcher(Files.readString(doc));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    static boolean documentedSecret(String name) {
        try {
            return Files.readString(DEPLOY.resolve("README.md")).contains("kubectl -n reexport create secret generic " + name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
