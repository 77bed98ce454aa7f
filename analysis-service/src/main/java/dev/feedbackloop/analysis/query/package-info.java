/** Analysis read models in MongoDB (agent catalog, model versions) and the query handlers beside them. */
package dev.feedbackloop.analysis.query;
