package dev.feedbackloop.kernel.release;

/** Who opened a release although a pre-deployment gate blocked it, and why. */
public record GateOverride(String by, String reason) {
}
