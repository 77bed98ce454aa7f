package dev.feedbackloop.support.security;

import dev.feedbackloop.support.config.PlatformProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Loads the configured keys. With none configured, a development key with every scope is created once, kept in
 * {@code <data-dir>/dev-api-key} (readable by the owner only) and announced in the log.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.context.annotation.Import(WhoAmIController.class)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    public static final String DEV_KEY_FILE = "dev-api-key";

    @Bean
    public ApiKeys apiKeys(PlatformProperties properties) {
        List<ApiKey> keys = new ArrayList<>(ApiKeys.parse(properties.security().apiKeys()));
        if (keys.isEmpty()) {
            if (!properties.security().createDevelopmentKey()) {
                throw new IllegalStateException("platform.security.api-keys is empty and create-development-key is false:"
                        + " no request could ever be authorised");
            }
            keys.add(developmentKey(properties.dataDir()));
        } else {
            log.info("API keys: {} configured", keys.size());
        }
        return new ApiKeys(keys);
    }

    @Bean
    public ApiKeyFilter apiKeyFilter(ApiKeys keys, ObjectProvider<AccessRule> rules, ObjectProvider<PublicRoute> publicRoutes,
                                     ObjectProvider<DenialFormat> denialFormats) {
        return new ApiKeyFilter(keys, rules.orderedStream().toList(), publicRoutes.orderedStream().toList(),
                denialFormats.orderedStream().toList());
    }

    /** Liveness and readiness probes answer without a key; the rest of the actuator needs {@code admin}. */
    @Bean
    public PublicRoute healthProbes() {
        return PublicRoute.of("/actuator/health/**");
    }

    /** The same probes on the public port when the actuator has a port of its own ({@code /livez}, {@code /readyz}). */
    @Bean
    public PublicRoute healthProbesOnPublicPort() {
        return PublicRoute.of("/{probe:livez|readyz}");
    }

    /**
     * Prometheus scrapes without a key. The endpoint exists only on the management port (see
     * {@code PlatformDefaults}), which serves the actuator alone; on the public port the path leads nowhere (404).
     */
    @Bean
    @ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
    public PublicRoute prometheusScrape() {
        return PublicRoute.of("/actuator/prometheus");
    }

    static ApiKey developmentKey(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve(DEV_KEY_FILE);
        try {
            String secret = SecretFiles.readOrCreate(file, ApiKeys.newSecret());
            log.warn("No API keys configured: using the development key in {} (all scopes). "
                    + "Set PLATFORM_SECURITY_API_KEYS in production.", file);
            return new ApiKey("development", Set.of(Scope.ADMIN), ApiKeys.sha256(secret));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the development API key in " + file, e);
        }
    }
}
