/** The analytics HTTP API under /api/v1/analytics. */
package dev.feedbackloop.analysis.web;
