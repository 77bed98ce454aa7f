/** The trigger rule file: read from YAML, checked with every problem reported at once, and offered as a bean. */
package dev.feedbackloop.support.rules;
