package dev.feedbackloop.support.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Adds {@code platform-defaults.properties} as the lowest-precedence property source, so every service (and the
 * all-in-one launcher, which bundles them all) starts from the same defaults without competing
 * application.properties files.
 *
 * <p>The Prometheus scrape endpoint is exposed only when the actuator has a port of its own
 * ({@code management.server.port}, {@code MANAGEMENT_SERVER_PORT}): the metrics are then read without an API key on
 * that port, and the public port, which then serves no actuator endpoint at all, never offers them.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(
                    new ResourcePropertySource("platform-defaults", new ClassPathResource("platform-defaults.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException("platform-defaults.properties is missing from the classpath", e);
        }
        if (ManagementPortType.get(environment) == ManagementPortType.DIFFERENT) {
            environment.getPropertySources().addBefore("platform-defaults", new MapPropertySource("platform-management-port",
                    Map.of(EXPOSURE, environment.getProperty(EXPOSURE, "health,info") + ",prometheus")));
        }
    }

    static final String EXPOSURE = "management.endpoints.web.exposure.include";
}
