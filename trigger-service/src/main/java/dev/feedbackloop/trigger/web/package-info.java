/** The trigger HTTP API under /api/v1/triggers and /api/v1/webhooks. */
package dev.feedbackloop.trigger.web;
