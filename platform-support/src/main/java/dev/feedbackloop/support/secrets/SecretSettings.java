package dev.feedbackloop.support.secrets;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code platform.secrets.*}: {@code key} (environment {@code PLATFORM_SECRETS_KEY}) is the base64 encoding of 32
 * random bytes ({@code openssl rand -base64 32}), the AES-256 key that seals the secrets the platform keeps. Without
 * one, and with {@code createDevelopmentKey} on (the zero-setup default), a key is generated once into
 * {@code <data-dir>/secrets-key}, readable by its owner only, and the start-up log warns; with it off, a missing key
 * stops the start-up. Losing the key loses every sealed secret: keep it as safe as the data and apart from it.
 */
@ConfigurationProperties("platform.secrets")
public record SecretSettings(String key, @DefaultValue("true") boolean createDevelopmentKey) {

    @Override
    public String toString() {
        return "SecretSettings[key=" + (key == null || key.isBlank() ? "(none)" : "(set)")
                + ", createDevelopmentKey=" + createDevelopmentKey + "]";
    }
}
