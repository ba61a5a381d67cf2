package io.assetgate.server.packaging;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import io.assetgate.server.AssetgateApplication;

/**
 * The environment variable names that reach a setting of the server, read from its
 * {@code @ConfigurationProperties} records: every component is a setting, nested records nest,
 * a map takes any key and a list any index (or a comma-separated value). Names follow Spring's
 * relaxed binding: {@code assetgate.storage.s3.path-style} is {@code ASSETGATE_STORAGE_S3_PATHSTYLE}
 * or {@code ASSETGATE_STORAGE_S3_PATH_STYLE}.
 */
final class SettingNames {

    private final List<Pattern> patterns = new ArrayList<>();

    private SettingNames() {
    }

    /** Every setting of the server's own configuration records. */
    static SettingNames ofServer() {
        SettingNames names = new SettingNames();
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        String root = AssetgateApplication.class.getPackageName();
        for (BeanDefinition candidate : scanner.findCandidateComponents(root)) {
            Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), SettingNames.class.getClassLoader());
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            names.walk(segments(prefix), type);
        }
        return names;
    }

    /** True when {@code variable} sets one of the settings. */
    boolean known(String variable) {
        return patterns.stream().anyMatch(pattern -> pattern.matcher(variable).matches());
    }

    int size() {
        return patterns.size();
    }

    private void walk(List<String> path, Type type) {
        Class<?> raw = ClassUtils.resolvePrimitiveIfNecessary(rawClass(type));
        if (raw.isRecord()) {
            for (RecordComponent component : raw.getRecordComponents()) {
                walk(append(path, kebab(component.getName())), component.getGenericType());
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            walk(append(path, "[A-Z0-9]+"), typeArgument(type, 1));
        } else if (Collection.class.isAssignableFrom(raw)) {
            add(path);
            walk(append(path, "[0-9]+"), typeArgument(type, 0));
        } else {
            add(path);
        }
    }

    private void add(List<String> path) {
        patterns.add(Pattern.compile(String.join("_", path)));
    }

    private static List<String> segments(String prefix) {
        List<String> path = new ArrayList<>();
        for (String segment : prefix.split("\\.")) {
            path = append(path, segment);
        }
        return path;
    }

    /** One segment of a name as its environment form: upper case, a dash dropped or an underscore. */
    private static List<String> append(List<String> path, String segment) {
        List<String> longer = new ArrayList<>(path);
        longer.add(segment.startsWith("[") ? segment : segment.toUpperCase().replace("-", "_?"));
        return longer;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static Class<?> rawClass(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static Type typeArgument(Type type, int index) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : String.class;
    }
}
