/** Pre-deployment gates (spec 21.1): the results a version's gates were judged on and its approval per environment. */
package dev.feedbackloop.kernel.gate;
