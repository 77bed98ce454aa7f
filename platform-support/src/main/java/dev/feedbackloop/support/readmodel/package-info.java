/** Read models in MongoDB (real or embedded), written idempotently and rebuilt from the event store on reset. */
package dev.feedbackloop.support.readmodel;
