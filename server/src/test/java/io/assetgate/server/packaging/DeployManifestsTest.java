package io.assetgate.server.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files in {@code deploy/}: the Compose file and the Kubernetes manifests are
 * parsed and held to what docs/operations.md promises: probes on the actuator's groups, resource
 * limits, a disruption budget and an autoscaler that fit the Deployment, settings under names the
 * server reads, and no secret written in them.
 */
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of("..", "deploy");
    /** Variables that carry a credential, by name. */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|ACCESS_KEY|TOKEN|PRIVATE).*");
    /** A Compose reference to the environment that Compose refuses to start without: no default. */
    private static final Pattern REQUIRED_REFERENCE = Pattern.compile("\\$\\{[A-Z0-9_]+:\\?[^}]*}");
    /** The settings of Spring Boot itself that the files may set (the rest are the server's own). */
    private static final List<String> SPRING_SETTINGS = List.of("SERVER_PORT", "SPRING_DATASOURCE_URL",
            "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD", "JAVA_TOOL_OPTIONS");

    private final SettingNames settings = SettingNames.ofServer();

    @Test
    void theSettingsWalkFindsTheContractsNames() {
        // The check below is only as good as this list: it must know names, and refuse others.
        assertThat(settings.size()).isGreaterThan(50);
        assertThat(settings.known("ASSETGATE_STORAGE_S3_PATH_STYLE")).isTrue();
        assertThat(settings.known("ASSETGATE_STORAGE_S3_PATHSTYLE")).isTrue();
        assertThat(settings.known("ASSETGATE_WEBHOOKS_0_SECRET")).isTrue();
        assertThat(settings.known("ASSETGATE_PROCESSING_VARIANTS_SMALL_SIZE")).isTrue();
        assertThat(settings.known("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI")).isTrue();
        assertThat(settings.known("ASSETGATE_STORAGE_S3_PATH_STYLES")).isFalse();
        assertThat(settings.known("ASSETGATE_STORAGE_BUCKET")).isFalse();
    }

    @Test
    void composeRunsSeveralNodesOnSharedServicesWithSecretsFromTheEnvironment() {
        Map<String, Object> services = map(load(DEPLOY.resolve("compose.yaml")).get("services"));
        assertThat(services).containsKeys("postgres", "minio", "haproxy");

        List<Map<String, Object>> nodes = services.values().stream().map(DeployManifestsTest::map)
                .filter(service -> String.valueOf(service.get("image")).contains("assetgate-server")).toList();
        int replicas = nodes.stream().mapToInt(DeployManifestsTest::composeReplicas).sum();
        assertThat(replicas).as("server nodes started by default").isGreaterThanOrEqualTo(3);

        for (Map<String, Object> node : nodes) {
            Map<String, Object> env = map(node.get("environment"));
            assertThat(env).containsEntry("ASSETGATE_STORAGE_TYPE", "s3").containsKey("SPRING_DATASOURCE_URL");
            env.forEach((name, value) -> {
                assertKnownSetting(name);
                if (SECRET_NAME.matcher(name).matches()) {
                    assertThat(String.valueOf(value)).as(name).matches(REQUIRED_REFERENCE);
                }
            });
            assertThat(String.join(" ", strings(map(node.get("healthcheck")).get("test"))))
                    .contains("/actuator/health/readiness");
            Map<String, Object> limits = map(map(map(node.get("deploy")).get("resources")).get("limits"));
            assertThat(limits).containsKeys("cpus", "memory");
        }
        // The other services' credentials come from the environment too.
        for (Object service : services.values()) {
            Object env = map(service).get("environment");
            if (env != null) {
                map(env).forEach((name, value) -> {
                    if (SECRET_NAME.matcher(name).matches()) {
                        assertThat(String.valueOf(value)).as(name).matches(REQUIRED_REFERENCE);
                    }
                });
            }
        }
    }

    @Test
    void theDeploymentProbesTheActuatorGroupsAndHasLimits() {
        Map<String, Object> deployment = kubernetes("Deployment");
        Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
        Map<String, Object> container = map(list(pod.get("containers")).getFirst());

        assertThat(probePath(container, "livenessProbe")).isEqualTo("/actuator/health/liveness");
        assertThat(probePath(container, "readinessProbe")).isEqualTo("/actuator/health/readiness");
        assertThat(probePath(container, "startupProbe")).startsWith("/actuator/health");
        String port = String.valueOf(map(map(container.get("livenessProbe")).get("httpGet")).get("port"));
        assertThat(list(container.get("ports"))).anySatisfy(p -> assertThat(
                List.of(String.valueOf(map(p).get("name")), String.valueOf(map(p).get("containerPort")))).contains(port));

        Map<String, Object> resources = map(container.get("resources"));
        assertThat(map(resources.get("requests"))).containsKeys("cpu", "memory");
        assertThat(map(resources.get("limits"))).containsKeys("cpu", "memory");

        Map<String, Object> security = map(pod.get("securityContext"));
        assertThat(security).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001);
    }

    @Test
    void theBudgetTheAutoscalerAndTheServiceFitTheDeployment() {
        Map<String, Object> deployment = kubernetes("Deployment");
        Map<String, Object> spec = map(deployment.get("spec"));
        Map<String, Object> podLabels = map(map(map(spec.get("template")).get("metadata")).get("labels"));
        int replicas = (Integer) spec.get("replicas");

        Map<String, Object> pdb = map(kubernetes("PodDisruptionBudget").get("spec"));
        assertThat(podLabels).containsAllEntriesOf(map(map(pdb.get("selector")).get("matchLabels")));
        if (pdb.containsKey("maxUnavailable")) {
            assertThat((Integer) pdb.get("maxUnavailable")).isBetween(1, replicas - 1);
        } else {
            assertThat((Integer) pdb.get("minAvailable")).isBetween(1, replicas - 1);
        }

        Map<String, Object> hpa = map(kubernetes("HorizontalPodAutoscaler").get("spec"));
        Map<String, Object> target = map(hpa.get("scaleTargetRef"));
        assertThat(target).containsEntry("kind", "Deployment")
                .containsEntry("name", map(deployment.get("metadata")).get("name"));
        assertThat((Integer) hpa.get("minReplicas")).isGreaterThanOrEqualTo(2).isLessThanOrEqualTo(replicas);
        assertThat((Integer) hpa.get("maxReplicas")).isGreaterThan((Integer) hpa.get("minReplicas"));
        assertThat(list(hpa.get("metrics"))).isNotEmpty();

        Map<String, Object> service = map(kubernetes("Service").get("spec"));
        assertThat(podLabels).containsAllEntriesOf(map(service.get("selector")));
    }

    @Test
    void kubernetesConfigComesFromTheConfigMapAndSecretReferencesOnly() {
        assertThat(manifests()).noneSatisfy(m -> assertThat(m.get("kind")).isEqualTo("Secret"));

        Map<String, Object> config = map(kubernetes("ConfigMap").get("data"));
        config.keySet().forEach(name -> {
            assertKnownSetting(name);
            assertThat(name).as("a secret in the ConfigMap").doesNotMatch(SECRET_NAME);
        });

        Map<String, Object> pod = map(map(map(kubernetes("Deployment").get("spec")).get("template")).get("spec"));
        Map<String, Object> container = map(list(pod.get("containers")).getFirst());
        assertThat(list(container.get("envFrom"))).anySatisfy(source -> assertThat(
                map(map(source).get("configMapRef")).get("name")).isEqualTo(map(kubernetes("ConfigMap").get("metadata")).get("name")));
        for (Object item : list(container.get("env"))) {
            Map<String, Object> env = map(item);
            String name = (String) env.get("name");
            assertKnownSetting(name);
            if (SECRET_NAME.matcher(name).matches()) {
                assertThat(env).as(name).doesNotContainKey("value");
                assertThat(map(env.get("valueFrom"))).as(name).containsKey("secretKeyRef");
            }
        }
    }

    @Test
    void kustomizationListsEveryManifest() throws IOException {
        List<Object> resources = list(load(DEPLOY.resolve("k8s/kustomization.yaml")).get("resources"));
        try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
            List<String> names = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).toList();
            assertThat(resources).containsExactlyInAnyOrderElementsOf(names);
        }
    }

    private void assertKnownSetting(String name) {
        if (name.startsWith("ASSETGATE_") || name.startsWith("SPRING_SECURITY_")) {
            assertThat(settings.known(name)).as(name + " names a setting of the server").isTrue();
        } else {
            assertThat(name).as("a setting the server reads").isIn(SPRING_SETTINGS);
        }
    }

    private static int composeReplicas(Map<String, Object> service) {
        Object replicas = service.get("deploy") == null ? null : map(service.get("deploy")).get("replicas");
        if (replicas == null) {
            return 1;
        }
        // "${MORE_NODES:-2}": the default applies.
        String text = String.valueOf(replicas).replaceAll("^\\$\\{[A-Z_]+:-([0-9]+)}$", "$1");
        return Integer.parseInt(text);
    }

    private static String probePath(Map<String, Object> container, String probe) {
        return String.valueOf(map(map(container.get(probe)).get("httpGet")).get("path"));
    }

    private static Map<String, Object> kubernetes(String kind) {
        List<Map<String, Object>> found = manifests().stream().filter(m -> kind.equals(m.get("kind"))).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.getFirst();
    }

    private static List<Map<String, Object>> manifests() {
        List<Map<String, Object>> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    if (document != null) {
                        all.add(map(document));
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return all;
    }

    private static Map<String, Object> load(Path file) {
        try {
            return map(new Yaml().load(Files.readString(file)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return new LinkedHashMap<>((Map<String, Object>) value);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(String::valueOf).toList();
    }
}
