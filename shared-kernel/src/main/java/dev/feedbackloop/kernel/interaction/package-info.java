/** Interactions: what an agent did on one trace (latency, errors, tokens, cost, guardrails), from its spans. */
package dev.feedbackloop.kernel.interaction;
