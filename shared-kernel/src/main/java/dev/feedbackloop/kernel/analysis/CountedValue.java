package dev.feedbackloop.kernel.analysis;

/** A value and how many times it occurs, such as an intent among a cluster's members. */
public record CountedValue(String value, long count) {
}
