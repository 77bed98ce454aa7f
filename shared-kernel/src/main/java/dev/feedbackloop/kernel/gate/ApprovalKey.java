package dev.feedbackloop.kernel.gate;

import dev.feedbackloop.kernel.analysis.ModelId;
import dev.feedbackloop.kernel.common.Streams;

/**
 * What an approval is of: an agent's version in one environment. Agent ids and versions keep to the model ids'
 * alphabet (no '/'), a version is at most {@value #MAX_VERSION_LENGTH} characters and an environment a short lower-case
 * name, so the stream id is unambiguous and fits the event store's key.
 */
public record ApprovalKey(String agentId, String version, String environment) {

    public static final int MAX_VERSION_LENGTH = 64;
    public static final int MAX_ENVIRONMENT_LENGTH = 32;
    public static final String ENVIRONMENT_RULE = "must be 1-" + MAX_ENVIRONMENT_LENGTH
            + " lower-case letters, digits, _ or -, starting with a letter";
    public static final String VERSION_RULE = "must be 1-" + MAX_VERSION_LENGTH + " letters, digits or . _ : + -";

    public ApprovalKey {
        if (!ModelId.isWellFormed(agentId)) {
            throw new IllegalArgumentException("agent_id " + ModelId.RULE);
        }
        if (!isVersion(version)) {
            throw new IllegalArgumentException("version " + VERSION_RULE);
        }
        if (!isEnvironmentName(environment)) {
            throw new IllegalArgumentException("environment " + ENVIRONMENT_RULE);
        }
    }

    public static boolean isVersion(String value) {
        return ModelId.isWellFormed(value) && value.length() <= MAX_VERSION_LENGTH;
    }

    public static boolean isEnvironmentName(String value) {
        return value != null && value.matches("[a-z][a-z0-9_-]{0," + (MAX_ENVIRONMENT_LENGTH - 1) + "}");
    }

    public String stream() {
        return Streams.versionApproval(environment, agentId, version);
    }
}
