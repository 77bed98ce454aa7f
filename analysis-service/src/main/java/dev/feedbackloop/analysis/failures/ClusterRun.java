package dev.feedbackloop.analysis.failures;

import dev.feedbackloop.analysis.clustering.Cluster;
import dev.feedbackloop.analysis.clustering.FailureClusters;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * An agent's latest clustering run as the tracker keeps it: the window's end (event time), the failure count it had
 * seen, when it ran (wall clock), and what the next run needs of its result (see {@link FailureClusters#restored}).
 */
record ClusterRun(String agentId, Instant windowEnd, long failuresSeen, Instant ranAt, FailureClusters result) {

    List<String> clusterIds() {
        return result.clusters().stream().map(Cluster::id).toList();
    }

    Document toDocument() {
        List<Document> clusters = new ArrayList<>();
        for (Cluster c : result.clusters()) {
            List<Double> centroid = new ArrayList<>(c.centroid().length);
            for (double x : c.centroid()) {
                centroid.add(x);
            }
            clusters.add(new Document("id", c.id()).append("label", c.label()).append("top_terms", c.topTerms())
                    .append("member_ids", c.memberIds()).append("exemplar_ids", c.exemplarIds())
                    .append("centroid", centroid).append("cohesion", c.cohesion())
                    .append("first_at", Date.from(c.firstAt())).append("last_at", Date.from(c.lastAt())));
        }
        return new Document("window_end", Date.from(windowEnd)).append("failures_seen", failuresSeen)
                .append("ran_at", Date.from(ranAt)).append("space", result.space()).append("noise", result.noise())
                .append("clusters", clusters);
    }

    static ClusterRun from(Document d) {
        List<Cluster> clusters = new ArrayList<>();
        for (Document c : d.getList("clusters", Document.class, List.of())) {
            List<Double> stored = c.getList("centroid", Double.class, List.of());
            double[] centroid = new double[stored.size()];
            for (int i = 0; i < centroid.length; i++) {
                centroid[i] = stored.get(i);
            }
            clusters.add(new Cluster(c.getString("id"), c.getString("label"), c.getList("top_terms", String.class),
                    c.getList("member_ids", String.class), c.getList("exemplar_ids", String.class), centroid,
                    c.getDouble("cohesion"), c.getDate("first_at").toInstant(), c.getDate("last_at").toInstant()));
        }
        return new ClusterRun(d.getString("_id"), d.getDate("window_end").toInstant(),
                ((Number) d.get("failures_seen")).longValue(), d.getDate("ran_at").toInstant(),
                FailureClusters.restored(clusters, d.getList("noise", String.class, List.of()), d.getString("space")));
    }
}
