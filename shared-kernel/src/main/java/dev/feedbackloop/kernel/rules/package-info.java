/** Rules as users write them: automated_triggers (spec 21.4.2) and alerts (21.3.2), conditions on metrics or events and the actions they start. */
package dev.feedbackloop.kernel.rules;
