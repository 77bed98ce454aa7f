/** HTTP plumbing shared by every service: RFC 9457 problem responses, bounded JSON bodies
 * and {@link dev.feedbackloop.support.web.Requests} (list parameters, path ids, who acts, commands off the event loop). */
package dev.feedbackloop.support.web;
