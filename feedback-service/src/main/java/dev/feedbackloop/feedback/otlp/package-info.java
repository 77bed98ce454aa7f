/** OTLP/HTTP trace intake: decoding export requests and mapping their spans onto interactions. */
package dev.feedbackloop.feedback.otlp;
