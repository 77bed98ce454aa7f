/** The trigger service's meters: deliveries by outcome and pending, open incidents by severity. */
package dev.feedbackloop.trigger.meters;
