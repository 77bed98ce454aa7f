/** The weekly improvement cycle (section 21.4.3): its phases, reviews, backlog, measurements and evaluation datasets. */
package dev.feedbackloop.kernel.cycle;
