package dev.feedbackloop.support.secrets;

import dev.feedbackloop.support.config.PlatformProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The {@link SecretBox} of this service, from {@code platform.secrets.key}; with none configured, from a key generated
 * once into {@code <data-dir>/secrets-key} (owner-only permissions), announced in the log like the development API key.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecretSettings.class)
public class SecretsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecretsConfiguration.class);
    public static final String KEY_FILE = "secrets-key";
    static final String PROPERTY = "platform.secrets.key";

    /** Lazy: a service that keeps no secrets neither creates a key file nor warns about one. */
    @Bean
    @Lazy
    public SecretBox secretBox(SecretSettings settings, PlatformProperties platform) {
        if (settings.key() != null && !settings.key().isBlank()) {
            SecretBox box = SecretBox.fromBase64(settings.key(), PROPERTY);
            log.info("Secrets at rest are sealed with the configured key (id {})", box.keyId());
            return box;
        }
        if (!settings.createDevelopmentKey()) {
            throw new IllegalStateException(PROPERTY + " (PLATFORM_SECRETS_KEY) is not set and "
                    + "platform.secrets.create-development-key is false: set it to the base64 of 32 random bytes "
                    + "(openssl rand -base64 32)");
        }
        return developmentKey(platform.dataDir());
    }

    static SecretBox developmentKey(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve(KEY_FILE);
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                create(file);
            }
            SecretBox box = SecretBox.fromBase64(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            log.warn("No platform.secrets.key configured: secrets at rest are sealed with the generated key in {}"
                    + " (id {}). Keep that file with the data, but not in its backups; set PLATFORM_SECRETS_KEY in"
                    + " production.", file, box.keyId());
            return box;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the secrets key in " + file, e);
        }
    }

    /** Creates the file with owner-only permissions from the start, so the key is never readable by others. */
    private static void create(Path file) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        byte[] text = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.UTF_8);
        Path temp = file.resolveSibling(file.getFileName() + "." + Long.toHexString(new SecureRandom().nextLong()));
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the file keeps the platform's default permissions
            Files.createFile(temp);
        }
        try {
            Files.write(temp, text);
            // a hard link never replaces: when another instance on the same data dir created the key first, use its key
            Files.createLink(file, temp);
        } catch (FileAlreadyExistsException e) {
            log.debug("{} was created by another instance", file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
