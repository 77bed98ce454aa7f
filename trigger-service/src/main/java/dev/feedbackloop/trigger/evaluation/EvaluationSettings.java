package dev.feedbackloop.trigger.evaluation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code platform.evaluations.*}. A requested run that neither completes nor fails within {@code timeout} times
 * out. A completed run passes when its task_success_rate is at least {@code minTaskSuccessRate} and its error_rate
 * at most {@code maxErrorRateFactor} times its baseline's (section 21.2.2's canary gates).
 */
@ConfigurationProperties("platform.evaluations")
public record EvaluationSettings(@DefaultValue("24h") Duration timeout,
                                 @DefaultValue("0.85") double minTaskSuccessRate,
                                 @DefaultValue("2.0") double maxErrorRateFactor) {

    public static final EvaluationSettings DEFAULTS = new EvaluationSettings(Duration.ofHours(24), 0.85, 2.0);

    public EvaluationSettings {
        require(timeout != null && !timeout.isNegative() && !timeout.isZero(), "platform.evaluations.timeout",
                "must be a positive duration such as 24h or 30m (was " + timeout + ")");
        require(minTaskSuccessRate >= 0 && minTaskSuccessRate <= 1, "platform.evaluations.min-task-success-rate",
                "must be between 0 and 1 (was " + minTaskSuccessRate + ")");
        require(maxErrorRateFactor >= 1 && Double.isFinite(maxErrorRateFactor),
                "platform.evaluations.max-error-rate-factor", "must be at least 1 (was " + maxErrorRateFactor + ")");
    }

    public Gates gates() {
        return new Gates(minTaskSuccessRate, maxErrorRateFactor);
    }

    private static void require(boolean condition, String property, String rule) {
        if (!condition) {
            throw new IllegalArgumentException(property + " " + rule);
        }
    }
}
