/** The analysis HTTP API: analytics under /api/v1/analytics, model versions under /api/v1/models. */
package dev.feedbackloop.analysis.web;
