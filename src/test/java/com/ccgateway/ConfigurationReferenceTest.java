package com.ccgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.validation.annotation.Validated;

import com.ccgateway.adapter.AdapterConfiguration;

/**
 * The configuration reference cannot drift: every {@code cc.*} and {@code emulator.*} property comes from a
 * validated {@code @ConfigurationProperties} record, the generated metadata (IDE completion) describes it,
 * and the README lists it with its real default (the record's, or application.yml's where that sets it).
 * Nothing is listed that does not exist, and the routes read no property that is not bound.
 */
class ConfigurationReferenceTest {

    /** The README's configuration tables: a header line, then rows up to the first line that is not one. */
    private static final Pattern README_TABLE = Pattern.compile("^\\| property \\| default \\| what \\|\n(?:\\|.*\n)+", Pattern.MULTILINE);
    private static final Pattern README_ROW = Pattern.compile("^\\| `((?:cc|emulator)\\.[^`]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);
    private static final Pattern ROUTE_PLACEHOLDER = Pattern.compile("\\{\\{((?:cc|emulator)\\.[^}:]+)}}");

    private final Map<String, JsonNode> metadata = metadata();

    @Test
    void everyConfigurationPropertiesRecordIsValidated() {
        assertThat(propertiesRecords()).hasSizeGreaterThanOrEqualTo(10)
                .allSatisfy(type -> assertThat(type.isAnnotationPresent(Validated.class)).as(type.getName()).isTrue());
    }

    /** A name that was renamed or misspelt fails start-up instead of leaving its default silently in force. */
    @Test
    void unknownNameFailsStartUp() {
        new ApplicationContextRunner().withUserConfiguration(KafkaPropertiesOnly.class)
                .withPropertyValues("cc.kafka.group-id=adapter", "cc.kafka.batch-size=500")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("cc.kafka.batch-size"));
    }

    /** Environment variables (docker-compose.yml's) name the same properties: none is taken for an unknown one. */
    @Test
    void environmentVariablesStillBind() {
        new ApplicationContextRunner().withUserConfiguration(KafkaPropertiesOnly.class)
                .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("CC_KAFKA_GROUP_ID", "adapter", "CC_KAFKA_MAX_IN_FLIGHT", "20"))))
                .run(context -> assertThat(context).hasNotFailed().getBean(AdapterConfiguration.Kafka.class)
                        .extracting(AdapterConfiguration.Kafka::maxInFlight).isEqualTo(20));
    }

    /**
     * So does every cc.* record's, but cc.gateway's: its retry and breaker are records of their own under it,
     * which its binding would take for unknown names. The emulator's takes them: a Kubernetes service named
     * "emulator" gives every pod EMULATOR_SERVICE_HOST and EMULATOR_PORT.
     */
    @Test
    void everyAdapterPropertiesRecordRefusesUnknownNames() {
        List<Class<?>> adapters = propertiesRecords().stream().filter(type -> prefix(type).startsWith("cc.")).toList();
        List<String> prefixes = adapters.stream().map(ConfigurationReferenceTest::prefix).toList();

        assertThat(adapters)
                .filteredOn(type -> prefixes.stream().noneMatch(other -> other.startsWith(prefix(type) + ".")))
                .hasSize(adapters.size() - 1)
                .allSatisfy(type -> assertThat(settings(type).ignoreUnknownFields()).as(type.getName()).isFalse());
    }

    @EnableConfigurationProperties(AdapterConfiguration.Kafka.class)
    static class KafkaPropertiesOnly {
    }

    private static List<Class<?>> propertiesRecords() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        return scanner.findCandidateComponents("com.ccgateway").stream()
                .map(BeanDefinition::getBeanClassName).map(ConfigurationReferenceTest::load).toList();
    }

    private static String prefix(Class<?> type) {
        return settings(type).prefix();
    }

    private static ConfigurationProperties settings(Class<?> type) {
        return AnnotatedElementUtils.findMergedAnnotation(type, ConfigurationProperties.class);
    }

    @Test
    void readmeListsEveryPropertyWithItsDefault() throws IOException {
        Map<String, String> listed = readmeRows();
        Map<String, String> effective = effectiveDefaults();

        assertThat(metadata.keySet()).allSatisfy(name -> {
            String row = listed.keySet().stream().filter(r -> documents(r, name)).findFirst().orElse(null);
            assertThat(row).as("README row for " + name).isNotNull();
            if (row.equals(name)) {
                assertThat(normalized(listed.get(row))).as("README default of " + name)
                        .isEqualTo(normalized(effective.get(name)));
            }
        });
    }

    @Test
    void readmeListsNothingThatDoesNotExist() throws IOException {
        assertThat(readmeRows().keySet()).allSatisfy(row -> assertThat(metadata.keySet().stream().anyMatch(name -> documents(row, name)))
                .as("a bound property for README row " + row).isTrue());
    }

    @Test
    void routesReadOnlyBoundProperties() throws IOException {
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            List<String> placeholders = routes.flatMap(ConfigurationReferenceTest::placeholders).toList();
            assertThat(placeholders).isNotEmpty().allSatisfy(name -> assertThat(metadata).containsKey(name));
        }
    }

    /** A README row documents a property by its name, or a map's or list's entries ({@code nodes.<node>}, {@code [n].name}). */
    private static boolean documents(String row, String property) {
        return row.equals(property) || row.startsWith(property + ".") || row.startsWith(property + "[");
    }

    private static Map<String, String> readmeRows() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher table = README_TABLE.matcher(Files.readString(Path.of("README.md")));
        while (table.find()) {
            Matcher row = README_ROW.matcher(table.group());
            while (row.find()) {
                rows.put(row.group(1), row.group(2));
            }
        }
        assertThat(rows).as("configuration tables in README.md").isNotEmpty();
        return rows;
    }

    /** The metadata's defaults, overridden by what the shipped configuration files set. */
    private Map<String, String> effectiveDefaults() throws IOException {
        Map<String, String> defaults = new LinkedHashMap<>();
        metadata.forEach((name, property) -> defaults.put(name, property.path("defaultValue").isMissingNode()
                ? null : property.path("defaultValue").asText()));
        List<PropertySource<?>> shipped = Stream.concat(
                new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml")).stream(),
                new PropertiesPropertySourceLoader().load("emulator.properties", new ClassPathResource("emulator.properties")).stream())
                .toList();
        for (PropertySource<?> source : shipped) {
            for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                if (defaults.containsKey(name)) {
                    defaults.put(name, Objects.toString(source.getProperty(name)));
                }
            }
        }
        return defaults;
    }

    /** {@code `30s`}, {@code [localhost, 127.0.0.1]} and {@code none} as one spelling each. */
    private static String normalized(String value) {
        String plain = value == null ? "" : value.replaceAll("[`\\[\\]\\s]", "").toLowerCase(Locale.ROOT);
        return plain.equals("none") ? "" : plain;
    }

    private static Map<String, JsonNode> metadata() {
        try {
            JsonNode json = new ObjectMapper().readTree(Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json").toFile());
            Map<String, JsonNode> properties = new LinkedHashMap<>();
            json.path("properties").forEach(p -> properties.put(p.path("name").asText(), p));
            assertThat(properties.values()).allSatisfy(p -> assertThat(p.path("description").asText())
                    .as("description of " + p.path("name").asText()).isNotBlank());
            return properties;
        } catch (IOException e) {
            throw new IllegalStateException("the configuration processor's metadata is missing", e);
        }
    }

    private static Stream<String> placeholders(Path route) {
        try {
            return ROUTE_PLACEHOLDER.matcher(Files.readString(route)).results().map(m -> m.group(1));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
