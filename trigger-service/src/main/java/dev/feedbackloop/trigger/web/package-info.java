/** The trigger HTTP API under /api/v1/triggers, /api/v1/channels and /api/v1/webhooks. */
package dev.feedbackloop.trigger.web;
