/**
 * The trigger HTTP API under /api/v1/triggers and /api/v1/webhooks, and {@link dev.feedbackloop.trigger.web.Requests},
 * how every trigger controller reads its requests (list parameters, path ids, who acts, JSON bodies) and sends its
 * commands off the event loop.
 */
package dev.feedbackloop.trigger.web;
