/** Release context: canary releases of an agent version, the decisions the platform takes on them and what pipelines report back. */
package dev.feedbackloop.kernel.release;
