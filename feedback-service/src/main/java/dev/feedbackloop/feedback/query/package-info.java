/** The read side: feedback and assessment projections in MongoDB, with the query handlers that serve them. */
package dev.feedbackloop.feedback.query;
