package dev.feedbackloop.analysis.clustering;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Gives a run's clusters their ids by matching them with the previous run's, so that a failure mode keeps its id as it
 * grows and drifts.
 * <p>
 * Two kinds of evidence: the cosine of the centroids (when both runs share a space) and the members the previous
 * cluster still has in the window ("carried" members): {@code share} is the part of a previous cluster's carried
 * members found in a new cluster, {@code purity} the part of a new cluster's previously seen members that came from
 * that previous cluster. A pair can continue an id when the centroids are at least {@code minCentroidSimilarity} alike
 * or when at least {@code majorShare} of the carried members moved together; pairs are taken greedily by
 * {@code cosine + share + purity}, best first, each cluster at most once. Then:
 * <ul>
 *     <li>merge: a previous cluster without continuation whose carried members went at least {@code majorShare} into
 *     one new cluster that continues another;</li>
 *     <li>split: a previous cluster of which at least {@code splitShare} went into each of two or more new clusters
 *     that are each at least {@code majorShare} made of it;</li>
 *     <li>discovered: a new cluster that continues nothing and is not split off;</li>
 *     <li>vanished: a previous cluster that nothing continues, not merged and not split.</li>
 * </ul>
 * Membership evidence counts only with at least {@code minOverlap} members, so a cluster that has mostly left the
 * window is not "merged" on the strength of one straggler. New ids come from the injected id source, in the order of
 * the candidates, or are named after the candidate (see {@link #namingNewClusters}).
 */
public final class ClusterMatcher {

    public static final double DEFAULT_MIN_CENTROID_SIMILARITY = 0.5;
    public static final double DEFAULT_MAJOR_SHARE = 0.5;
    public static final double DEFAULT_SPLIT_SHARE = 0.2;
    public static final int DEFAULT_MIN_OVERLAP = 3;

    /** A cluster of the new run before it has an id; its member ids ascend. */
    public record Candidate(List<String> memberIds, double[] centroid) {
        public Candidate {
            memberIds = List.copyOf(memberIds);
        }
    }

    /** The ids of the candidates, in their order, and how they relate to the previous run. */
    public record Result(List<String> ids, ClusterChanges changes) {
        public Result {
            ids = List.copyOf(ids);
        }
    }

    private final double minCentroidSimilarity;
    private final double majorShare;
    private final double splitShare;
    private final int minOverlap;
    private final Function<Candidate, String> newIds;

    public ClusterMatcher(double minCentroidSimilarity, double majorShare, double splitShare, int minOverlap,
                          Supplier<String> newIds) {
        this(minCentroidSimilarity, majorShare, splitShare, minOverlap, named(newIds));
    }

    private static Function<Candidate, String> named(Supplier<String> newIds) {
        Objects.requireNonNull(newIds, "newIds");
        return candidate -> newIds.get();
    }

    private ClusterMatcher(double minCentroidSimilarity, double majorShare, double splitShare, int minOverlap,
                           Function<Candidate, String> newIds) {
        if (!(majorShare > 0.5 - 1e-12 && majorShare <= 1) || !(splitShare > 0 && splitShare < majorShare)) {
            throw new IllegalArgumentException("need 0 < splitShare < majorShare, 0.5 <= majorShare <= 1");
        }
        if (minOverlap < 1) {
            throw new IllegalArgumentException("minOverlap must be at least 1");
        }
        this.minCentroidSimilarity = minCentroidSimilarity;
        this.majorShare = majorShare;
        this.splitShare = splitShare;
        this.minOverlap = minOverlap;
        this.newIds = Objects.requireNonNull(newIds, "newIds");
    }

    public static ClusterMatcher withDefaults(Supplier<String> newIds) {
        return new ClusterMatcher(DEFAULT_MIN_CENTROID_SIMILARITY, DEFAULT_MAJOR_SHARE, DEFAULT_SPLIT_SHARE,
                DEFAULT_MIN_OVERLAP, newIds);
    }

    /**
     * Default thresholds; a new cluster's id is derived from the candidate itself (say, from its smallest member), so
     * that clustering the same failures again names the same new clusters alike whatever else is new. The function
     * must give distinct candidates of one run distinct ids, distinct from the previous run's as well.
     */
    public static ClusterMatcher namingNewClusters(Function<Candidate, String> idOf) {
        return new ClusterMatcher(DEFAULT_MIN_CENTROID_SIMILARITY, DEFAULT_MAJOR_SHARE, DEFAULT_SPLIT_SHARE,
                DEFAULT_MIN_OVERLAP, Objects.requireNonNull(idOf, "idOf"));
    }

    /**
     * @param previous the previous run's result, or null for a first run
     * @param current  this run's clusters
     * @param space    the space of the candidates' centroids
     * @param window   the ids of every failure this run looked at (members and noise)
     */
    public Result match(FailureClusters previous, List<Candidate> current, String space, Set<String> window) {
        List<Cluster> before = previous == null ? List.of() : previous.clusters();
        int p = before.size();
        int q = current.size();
        boolean comparable = previous != null && Objects.equals(previous.space(), space);

        Map<String, Integer> previousClusterOf = new HashMap<>();
        for (int i = 0; i < p; i++) {
            for (String member : before.get(i).memberIds()) {
                previousClusterOf.put(member, i);
            }
        }
        Set<String> previouslySeen = new HashSet<>(previousClusterOf.keySet());
        if (previous != null) {
            previouslySeen.addAll(previous.noise());
        }
        int[] carried = new int[p];
        for (int i = 0; i < p; i++) {
            for (String member : before.get(i).memberIds()) {
                if (window.contains(member)) {
                    carried[i]++;
                }
            }
        }
        int[][] overlap = new int[p][q];
        int[] seenInNew = new int[q];
        for (int j = 0; j < q; j++) {
            for (String member : current.get(j).memberIds()) {
                Integer i = previousClusterOf.get(member);
                if (i != null) {
                    overlap[i][j]++;
                }
                if (previouslySeen.contains(member)) {
                    seenInNew[j]++;
                }
            }
        }

        double[][] share = new double[p][q];
        double[][] purity = new double[p][q];
        double[][] cosine = new double[p][q];
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < q; j++) {
                boolean enough = overlap[i][j] >= minOverlap;
                share[i][j] = enough && carried[i] > 0 ? (double) overlap[i][j] / carried[i] : 0;
                purity[i][j] = enough && seenInNew[j] > 0 ? (double) overlap[i][j] / seenInNew[j] : 0;
                double[] a = before.get(i).centroid();
                double[] b = current.get(j).centroid();
                cosine[i][j] = comparable && a.length == b.length ? Vectors.cosine(a, b) : Double.NaN;
                if (cosine[i][j] >= minCentroidSimilarity || share[i][j] >= majorShare) {
                    pairs.add(new int[]{i, j});
                }
            }
        }
        pairs.sort(Comparator.<int[]>comparingDouble(ij -> -score(cosine, share, purity, ij[0], ij[1]))
                .thenComparingInt(ij -> ij[0]).thenComparingInt(ij -> ij[1]));
        int[] continuationOf = new int[p];
        int[] continues = new int[q];
        java.util.Arrays.fill(continuationOf, -1);
        java.util.Arrays.fill(continues, -1);
        for (int[] ij : pairs) {
            if (continuationOf[ij[0]] < 0 && continues[ij[1]] < 0) {
                continuationOf[ij[0]] = ij[1];
                continues[ij[1]] = ij[0];
            }
        }

        // splits first: a new cluster split off an earlier one is not "discovered"
        List<Integer>[] splitInto = splitTargets(p, q, share, purity, continuationOf, continues);
        boolean[] splitOff = new boolean[q];
        for (int i = 0; i < p; i++) {
            if (splitInto[i] != null) {
                splitInto[i].forEach(j -> splitOff[j] = true);
            }
        }

        String[] ids = new String[q];
        for (int j = 0; j < q; j++) {
            ids[j] = continues[j] >= 0 ? before.get(continues[j]).id() : newIds.apply(current.get(j));
        }

        List<ClusterChanges.Continued> continued = new ArrayList<>();
        List<String> discovered = new ArrayList<>();
        for (int j = 0; j < q; j++) {
            int i = continues[j];
            if (i >= 0) {
                continued.add(new ClusterChanges.Continued(ids[j], cosine[i][j],
                        carried[i] == 0 ? 0 : (double) overlap[i][j] / carried[i]));
            } else if (!splitOff[j]) {
                discovered.add(ids[j]);
            }
        }
        List<ClusterChanges.Split> splits = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            if (splitInto[i] != null) {
                splits.add(new ClusterChanges.Split(before.get(i).id(), splitInto[i].stream().map(j -> ids[j]).toList()));
            }
        }
        List<ClusterChanges.Merge> merges = new ArrayList<>();
        boolean[] merged = new boolean[p];
        for (int j = 0; j < q; j++) {
            if (continues[j] < 0) {
                continue;
            }
            List<String> mergedIds = new ArrayList<>();
            for (int i = 0; i < p; i++) {
                if (continuationOf[i] < 0 && splitInto[i] == null && share[i][j] >= majorShare) {
                    mergedIds.add(before.get(i).id());
                    merged[i] = true;
                }
            }
            if (!mergedIds.isEmpty()) {
                merges.add(new ClusterChanges.Merge(ids[j], mergedIds));
            }
        }
        List<String> vanished = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            if (continuationOf[i] < 0 && !merged[i] && splitInto[i] == null) {
                vanished.add(before.get(i).id());
            }
        }
        return new Result(List.of(ids), new ClusterChanges(continued, discovered, vanished, merges, splits));
    }

    @SuppressWarnings("unchecked")
    private List<Integer>[] splitTargets(int p, int q, double[][] share, double[][] purity, int[] continuationOf,
                                         int[] continues) {
        List<Integer>[] splitInto = new List[p];
        for (int i = 0; i < p; i++) {
            List<Integer> parts = new ArrayList<>();
            for (int j = 0; j < q; j++) {
                if (share[i][j] >= splitShare && purity[i][j] >= majorShare) {
                    parts.add(j);
                }
            }
            if (parts.size() >= 2) {
                // its own continuation keeps its id; a part that continues another cluster is not new
                parts.removeIf(j -> continues[j] >= 0);
                splitInto[i] = parts.isEmpty() ? null : parts;
            }
        }
        return splitInto;
    }

    private static double score(double[][] cosine, double[][] share, double[][] purity, int i, int j) {
        double c = Double.isNaN(cosine[i][j]) ? 0 : cosine[i][j];
        return c + share[i][j] + purity[i][j];
    }
}
