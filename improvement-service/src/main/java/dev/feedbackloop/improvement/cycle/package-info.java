/** The weekly improvement cycle (section 21.4.3): its aggregate, saga, opener, read model, API and report. */
package dev.feedbackloop.improvement.cycle;
