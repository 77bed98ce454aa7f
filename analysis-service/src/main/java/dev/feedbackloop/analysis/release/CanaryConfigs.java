package dev.feedbackloop.analysis.release;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.feedbackloop.kernel.release.CanaryConfig;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The default canary config: the spec's YAML, kept as the resource {@value #RESOURCE}, read once and checked. */
public final class CanaryConfigs {

    public static final String RESOURCE = "/release/canary-config.yaml";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final CanaryConfig DEFAULT = read();

    private CanaryConfigs() {
    }

    public static CanaryConfig defaults() {
        return DEFAULT;
    }

    private static CanaryConfig read() {
        try (InputStream in = CanaryConfigs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            Map<?, ?> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            CanaryConfig config = MAPPER.convertValue(root.get("canary_config"), CanaryConfig.class);
            if (!config.violations().isEmpty()) {
                throw new IllegalStateException(RESOURCE + " is not a valid canary config: " + config.violations());
            }
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
