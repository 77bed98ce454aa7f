/** HTTP plumbing shared by every service: RFC 9457 problem responses and bounded JSON bodies. */
package dev.feedbackloop.support.web;
