/** Operating the platform: event processing set-up and the admin API that lists and rebuilds projections. */
package dev.feedbackloop.support.ops;
