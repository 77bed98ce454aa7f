/** Improvement service: the weekly improvement cycle, its measurements and judge-human agreement. */
package dev.feedbackloop.improvement;
