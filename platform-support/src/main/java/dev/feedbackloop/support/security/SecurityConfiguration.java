package dev.feedbackloop.support.security;

import dev.feedbackloop.support.config.PlatformProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Loads the configured keys. With none configured, a development key with every scope is created once, kept in
 * {@code <data-dir>/dev-api-key} (readable by the owner only) and announced in the log.
 */
@Configuration(proxyBeanMethods = false)
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
    public ApiKeyFilter apiKeyFilter(ApiKeys keys, ObjectProvider<AccessRule> rules) {
        return new ApiKeyFilter(keys, rules.orderedStream().toList());
    }

    static ApiKey developmentKey(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve(DEV_KEY_FILE);
        try {
            Files.createDirectories(file.getParent());
            String secret;
            if (Files.exists(file)) {
                secret = Files.readString(file, StandardCharsets.UTF_8).trim();
            } else {
                secret = ApiKeys.newSecret();
                Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the file keeps the platform's default permissions
                }
            }
            log.warn("No API keys configured: using the development key in {} (all scopes). "
                    + "Set PLATFORM_SECURITY_API_KEYS in production.", file);
            return new ApiKey("development", Set.of(Scope.ADMIN), ApiKeys.sha256(secret));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the development API key in " + file, e);
        }
    }
}
