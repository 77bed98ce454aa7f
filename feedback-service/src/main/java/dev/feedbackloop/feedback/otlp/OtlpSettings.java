package dev.feedbackloop.feedback.otlp;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;

/**
 * The OTLP/HTTP trace intake ({@code platform.otlp.*}).
 *
 * @param maxRequestSize the largest export request, after decompression (OTLP recommends 20 MiB); larger ones get 413
 * @param attributes     which span (then resource) attributes carry what the interaction is made of
 * @param guardrailEvents span events that each count as one guardrail trigger or policy violation
 * @param agentOperations {@code gen_ai.operation.name} values of spans that repeat their children's token usage
 * @param spool           how exports wait between their answer and their interactions ({@link Spool})
 */
@ConfigurationProperties("platform.otlp")
public record OtlpSettings(@DefaultValue("20MB") DataSize maxRequestSize,
                           @DefaultValue Attributes attributes,
                           @DefaultValue({"gen_ai.guardrail.triggered", "gen_ai.policy.violation"}) List<String> guardrailEvents,
                           @DefaultValue({"invoke_agent", "create_agent"}) List<String> agentOperations,
                           @DefaultValue Spool spool) {

    public OtlpSettings {
        if (maxRequestSize.toBytes() < 1024 || maxRequestSize.toBytes() > 256L * 1024 * 1024) {
            throw new IllegalArgumentException("platform.otlp.max-request-size must be between 1KB and 256MB, was " + maxRequestSize);
        }
        guardrailEvents = List.copyOf(guardrailEvents);
        agentOperations = List.copyOf(agentOperations);
    }

    /**
     * Attribute names, each a list tried in order; for each name the span's attribute is taken before its resource's.
     */
    public record Attributes(@DefaultValue("service.name") List<String> agentId,
                             @DefaultValue("service.version") List<String> agentVersion,
                             @DefaultValue({"gen_ai.agent.intent", "intent_category"}) List<String> intentCategory,
                             @DefaultValue({"user.id", "enduser.id"}) List<String> userId,
                             @DefaultValue({"session.id", "gen_ai.conversation.id"}) List<String> sessionId,
                             @DefaultValue("gen_ai.guardrail.triggers") List<String> guardrailTriggers,
                             @DefaultValue("gen_ai.usage.cost") List<String> cost) {

        public Attributes {
            for (List<String> names : List.of(agentId, agentVersion, intentCategory, userId, sessionId, guardrailTriggers, cost)) {
                if (names.isEmpty() || names.stream().anyMatch(String::isBlank)) {
                    throw new IllegalArgumentException("platform.otlp.attributes.* each name at least one attribute, none blank");
                }
            }
        }
    }

    /**
     * The spool between an export's answer and its interactions ({@code platform.otlp.spool.*}).
     *
     * @param maxWaiting  exports waiting at most; past it exports are answered 503 with {@code Retry-After}
     * @param inFlight    exports one instance stores at a time
     * @param lease       how long a claimed export is held by its claimant: after a crash, its exports are taken again
     *                    once this has run out
     * @param maxAttempts claims of one export before it is left in the table for an operator
     */
    public record Spool(@DefaultValue("2000") int maxWaiting,
                        @DefaultValue("8") int inFlight,
                        @DefaultValue("60s") Duration lease,
                        @DefaultValue("10") int maxAttempts) {

        public Spool {
            if (maxWaiting < 1) {
                throw new IllegalArgumentException("platform.otlp.spool.max-waiting must be at least 1, was " + maxWaiting);
            }
            if (inFlight < 1 || inFlight > 256) {
                throw new IllegalArgumentException("platform.otlp.spool.in-flight must be between 1 and 256, was " + inFlight);
            }
            if (lease.compareTo(Duration.ofSeconds(1)) < 0 || lease.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("platform.otlp.spool.lease must be between 1s and 1h, was " + lease);
            }
            if (maxAttempts < 1 || maxAttempts > 1000) {
                throw new IllegalArgumentException("platform.otlp.spool.max-attempts must be between 1 and 1000, was " + maxAttempts);
            }
        }
    }
}
