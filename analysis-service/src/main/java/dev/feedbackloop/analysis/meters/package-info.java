/** The analysis service's meters: rule conditions met and failure-clustering run time. */
package dev.feedbackloop.analysis.meters;
