/** The trigger HTTP API under /api/v1/triggers. */
package dev.feedbackloop.trigger.web;
