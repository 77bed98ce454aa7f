/** Read your writes: writes answer with a consistency token, reads that present it wait for their read model to pass it. */
package dev.feedbackloop.support.consistency;
