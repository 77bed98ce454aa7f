package dev.feedbackloop.kernel.cycle;

/** A ranked backlog entry: a ticket or a failure cluster (kind ticket | failure_cluster, refId its id), scored affected volume x severity x trend; decision is null, accepted or dropped. */
public record BacklogItem(String itemId, String kind, String refId, String title, long affectedVolume, double severity, double trend, double score, String decision) {
}
