/** The platform's configuration: defaults, environment overrides and fail-fast checks. */
package dev.feedbackloop.support.config;
