package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * A rule asked for an action the platform does not carry out itself ({@code auto_action}, such as
 * {@code enable_enhanced_filtering}): announced to pipelines over webhooks and the trigger stream, which act on it.
 * {@code at} is the event time of the condition that asked for it.
 */
@Revision("1")
public record AutoActionRequested(String incidentId, String agentId, String rule, String action,
                                  Map<String, String> scope, Severity severity, Instant at) implements IncidentEvent {
}
