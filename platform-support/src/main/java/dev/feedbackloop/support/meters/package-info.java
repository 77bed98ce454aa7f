/** The platform's own meters (processor lag, dead letters) and the one place their names are defined. */
package dev.feedbackloop.support.meters;
