/** Secrets at rest: what the platform must keep to use later (webhook signing secrets) is sealed with a configured key. */
package dev.feedbackloop.support.secrets;
