/** Pre-deployment gates (spec 21.1): the gate set from configuration, the VersionApproval aggregate, its read model and API. */
package dev.feedbackloop.analysis.gate;
