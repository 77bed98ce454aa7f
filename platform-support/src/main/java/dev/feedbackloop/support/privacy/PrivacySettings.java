package dev.feedbackloop.support.privacy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code platform.privacy.*}: {@code keyCacheTtl} how long a data subject's key is kept in memory (an erasure made by
 * another instance takes effect there within it); {@code redact} which contact data to replace in free text at
 * ingestion ({@code email}, {@code phone}, {@code card}; empty by default); {@code readModelRetention} how long
 * feedback and interactions stay in the read models (by event time; unset keeps them), checked every
 * {@code retentionCheckInterval}.
 */
@ConfigurationProperties("platform.privacy")
public record PrivacySettings(@DefaultValue("30s") Duration keyCacheTtl,
                              @DefaultValue("") List<String> redact,
                              Duration readModelRetention,
                              @DefaultValue("1h") Duration retentionCheckInterval) {

    public static final Set<String> REDACTIONS = Set.of("email", "phone", "card");

    public PrivacySettings {
        redact = redact == null ? List.of() : redact.stream().map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty()).toList();
        for (String r : redact) {
            if (!REDACTIONS.contains(r)) {
                throw new IllegalArgumentException("platform.privacy.redact: '" + r + "' is not one of "
                        + REDACTIONS.stream().sorted().toList());
            }
        }
        if (keyCacheTtl.isNegative() || keyCacheTtl.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("platform.privacy.key-cache-ttl must be between 0s and 10m, was "
                    + keyCacheTtl);
        }
        if (readModelRetention != null && readModelRetention.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("platform.privacy.read-model-retention must be at least 1h, was "
                    + readModelRetention);
        }
        if (retentionCheckInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("platform.privacy.retention-check-interval must be at least 1s");
        }
    }
}
