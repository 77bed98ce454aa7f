package dev.feedbackloop.analysis.clustering;

import smile.clustering.XMeans;
import smile.math.MathEx;

import java.util.ArrayList;
import java.util.List;

/**
 * A measured alternative, not used by default: Smile's X-means (k chosen by BIC, at most {@code maxK}) proposes the
 * prototypes instead of over-clustering k-means; pruning and merging stay the same. Dense copies of the points:
 * fine for the experiment's corpora only.
 */
final class XMeansPartitioner implements Partitioner {

    private final int maxK;

    XMeansPartitioner(int maxK) {
        this.maxK = maxK;
    }

    @Override
    public List<double[]> centroids(Points points, int[] active, long[] keys, ClusteringSettings settings) {
        double[][] data = new double[active.length][];
        for (int a = 0; a < active.length; a++) {
            data[a] = new double[points.dimension()];
            points.addTo(active[a], data[a]);
        }
        MathEx.setSeed(settings.seed());
        XMeans xmeans = XMeans.fit(data, Math.min(maxK, active.length));
        List<double[]> centroids = new ArrayList<>();
        for (double[] centroid : xmeans.centroids) {
            centroids.add(Vectors.normalized(centroid));
        }
        return centroids;
    }
}
