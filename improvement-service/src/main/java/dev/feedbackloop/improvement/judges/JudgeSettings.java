package dev.feedbackloop.improvement.judges;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code platform.judges.*}. Every {@code checkInterval} the tracker measures the completed weeks not yet recorded.
 * A week with fewer than {@code minPairs} pairs is recorded without a kappa (and is no baseline for the next). A
 * drop is significant when the one-sided z-test's p-value is below {@code alpha} and kappa fell by at least
 * {@code minDrop}.
 */
@ConfigurationProperties("platform.judges")
public record JudgeSettings(@DefaultValue("true") boolean enabled,
                            @DefaultValue("1h") Duration checkInterval,
                            @DefaultValue("30") int minPairs,
                            @DefaultValue("0.05") double alpha,
                            @DefaultValue("0.1") double minDrop) {

    public static final JudgeSettings DEFAULTS = new JudgeSettings(true, Duration.ofHours(1), 30, 0.05, 0.1);

    public JudgeSettings {
        require(checkInterval != null && !checkInterval.isNegative() && !checkInterval.isZero(),
                "platform.judges.check-interval", "must be a positive duration such as 1h or 15m (was " + checkInterval + ")");
        require(minPairs >= 2, "platform.judges.min-pairs", "must be at least 2 (was " + minPairs + ")");
        require(alpha > 0 && alpha < 1, "platform.judges.alpha", "must be between 0 and 1, exclusive (was " + alpha + ")");
        require(minDrop >= 0 && minDrop <= 2, "platform.judges.min-drop",
                "must be between 0 and 2, a difference of kappas (was " + minDrop + ")");
    }

    private static void require(boolean condition, String property, String rule) {
        if (!condition) {
            throw new IllegalArgumentException(property + " " + rule);
        }
    }
}
