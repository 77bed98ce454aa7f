package dev.feedbackloop.analysis.release;

import java.util.Optional;

/**
 * Pre-deployment gates asked before a release opens. A reason (naming the failing gates) blocks the release unless
 * the request carries an override. Another module provides the real gates; without one every release may open.
 */
public interface ReleaseGate {

    Optional<String> blockedReason(String agentId, String version);
}
