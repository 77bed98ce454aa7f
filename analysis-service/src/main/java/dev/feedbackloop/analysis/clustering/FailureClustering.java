package dev.feedbackloop.analysis.clustering;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Finds failure modes in a window of failures and matches them with the previous run's.
 * <ol>
 *     <li>Vectors: the embeddings when every failure has one of the same length (L2-normalised, projected down to
 *     {@link ClusteringSettings#projectionDimension()} when longer), otherwise TF-IDF over the window
 *     ({@link TfIdf}). TF-IDF is computed in either case: it names the clusters.</li>
 *     <li>Prototypes: {@link OverclusteringKMeans} runs spherical k-means with deliberately too many clusters,
 *     seeded by k-means++ whose random draws are keyed by failure id (a few new failures change few seeds). A
 *     failure less similar than {@link ClusteringSettings#memberSimilarity()} to every prototype is noise; prototypes
 *     under {@link #MIN_PROTOTYPE_SIZE} members or looser than {@link ClusteringSettings#minCohesion()} dissolve and
 *     their members are assigned again.</li>
 *     <li>Modes: {@link PrototypeMerging} merges similar prototypes, with hysteresis from the previous run's
 *     membership; modes smaller than {@link ClusteringSettings#minClusterSize()} dissolve into noise.</li>
 *     <li>Identity: {@link ClusterMatcher} gives each cluster the id of the previous cluster it continues, or a new
 *     one from the injected id source.</li>
 * </ol>
 * Deterministic: failures are taken in id order and every random choice comes from the settings' seed. Memory grows
 * with the number of failures times their terms (or embedding length) plus clusters times dimension; no
 * failure-by-failure matrix is ever built.
 */
public final class FailureClustering {

    static final int REFINE_ITERATIONS = 10;
    static final int MAX_CLEAN_UP_ROUNDS = 10;
    static final int MIN_PROTOTYPE_SIZE = 3;
    /** Prototypes are not merged into a group whose members would be on average less alike than this. */
    static final double MIN_MODE_COHESION = 0.15;
    static final int LABEL_TERMS = 3;

    private final ClusteringSettings settings;
    private final ClusterMatcher matcher;
    private final Partitioner partitioner;

    public FailureClustering(ClusteringSettings settings, Supplier<String> newClusterIds) {
        this(settings, ClusterMatcher.withDefaults(newClusterIds), new OverclusteringKMeans());
    }

    public FailureClustering(ClusteringSettings settings, ClusterMatcher matcher) {
        this(settings, matcher, new OverclusteringKMeans());
    }

    FailureClustering(ClusteringSettings settings, ClusterMatcher matcher, Partitioner partitioner) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.matcher = Objects.requireNonNull(matcher, "matcher");
        this.partitioner = Objects.requireNonNull(partitioner, "partitioner");
    }

    /**
     * Clusters the failures of a window.
     *
     * @param failures the window's failures, ids unique
     * @param previous the previous run's result (ids are carried over from it), or null for a first run
     */
    public FailureClusters cluster(List<Failure> failures, FailureClusters previous) {
        List<Failure> sorted = new ArrayList<>(failures);
        sorted.sort(Comparator.comparing(Failure::id));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).id().equals(sorted.get(i - 1).id())) {
                throw new IllegalArgumentException("duplicate failure id " + sorted.get(i).id());
            }
        }
        TfIdf tfidf = TfIdf.fit(sorted, settings.maxVocabulary(), settings.minDocumentFrequency(), settings.metaWeight());
        HashedProjection projection = new HashedProjection(settings.projectionDimension(), settings.seed());
        Space space = space(sorted, tfidf, projection);
        Points points = space.points();

        int[] active = java.util.stream.IntStream.range(0, points.size()).filter(i -> !points.isEmpty(i)).toArray();
        Modes modes = Modes.none(points.size());
        if (active.length >= settings.minClusterSize()) {
            long[] keys = new long[sorted.size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = HashedProjection.fnv1a64(sorted.get(i).id()) ^ settings.seed();
            }
            List<double[]> centroids = partitioner.centroids(points, active, keys, settings);
            int[] previousCluster = previousClusterOf(previous, sorted);
            SphericalKMeans.Fit prototypes = prune(points, active, centroids);
            modes = modes(points.size(), prototypes, previousCluster);
        }

        List<Draft> drafts = drafts(sorted, tfidf, space, projection, points, modes);
        Set<String> window = new HashSet<>(sorted.size() * 2);
        sorted.forEach(f -> window.add(f.id()));
        ClusterMatcher.Result matched = matcher.match(previous,
                drafts.stream().map(d -> new ClusterMatcher.Candidate(d.memberIds, d.centroid)).toList(),
                space.name(), window);

        List<Cluster> clusters = new ArrayList<>(drafts.size());
        for (int c = 0; c < drafts.size(); c++) {
            Draft d = drafts.get(c);
            clusters.add(new Cluster(matched.ids().get(c), String.join(", ", d.topTerms.subList(0,
                    Math.min(LABEL_TERMS, d.topTerms.size()))), d.topTerms, d.memberIds, d.exemplarIds, d.centroid,
                    d.cohesion, d.firstAt, d.lastAt));
        }
        List<String> noise = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            if (modes.assignment()[i] == SphericalKMeans.UNASSIGNED) {
                noise.add(sorted.get(i).id());
            }
        }
        return new FailureClusters(clusters, noise, space.name(), matched.changes());
    }

    private record Space(String name, Points points, boolean text) {
    }

    private Space space(List<Failure> sorted, TfIdf tfidf, HashedProjection projection) {
        int length = sorted.isEmpty() || sorted.get(0).embedding() == null ? -1 : sorted.get(0).embedding().length;
        boolean embedded = length > 0 && sorted.stream().allMatch(f -> f.embedding() != null && f.embedding().length == length);
        if (!embedded) {
            return new Space(String.format(Locale.ROOT, "tfidf-rp%d-seed%d", projection.dimension(), settings.seed()),
                    new Points.Sparse(tfidf.vectors(), tfidf.dimension()), true);
        }
        float[][] vectors = new float[sorted.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = Vectors.normalizedFloats(sorted.get(i).embedding());
        }
        if (length > projection.dimension()) {
            return new Space(String.format(Locale.ROOT, "embedding%d-rp%d-seed%d", length, projection.dimension(),
                    settings.seed()), new Points.Dense(projection.projectEmbeddings(vectors, length), projection.dimension()), false);
        }
        return new Space("embedding" + length, new Points.Dense(vectors, length), false);
    }

    /** Per failure, the index of the previous cluster it was a member of, or -1. */
    private static int[] previousClusterOf(FailureClusters previous, List<Failure> sorted) {
        int[] of = new int[sorted.size()];
        Arrays.fill(of, -1);
        if (previous == null) {
            return of;
        }
        Map<String, Integer> index = new HashMap<>(sorted.size() * 2);
        for (int i = 0; i < sorted.size(); i++) {
            index.put(sorted.get(i).id(), i);
        }
        for (int c = 0; c < previous.clusters().size(); c++) {
            for (String member : previous.clusters().get(c).memberIds()) {
                Integer i = index.get(member);
                if (i != null) {
                    of[i] = c;
                }
            }
        }
        return of;
    }

    /**
     * Refines the prototypes, leaving out points that fit none; dissolves prototypes smaller than
     * {@link #MIN_PROTOTYPE_SIZE} or looser than the minimum cohesion and assigns their points again, until nothing
     * changes.
     */
    private SphericalKMeans.Fit prune(Points points, int[] active, List<double[]> centroids) {
        SphericalKMeans.Fit fit = SphericalKMeans.lloyd(points, active, centroids, REFINE_ITERATIONS, settings.memberSimilarity());
        for (int round = 0; round < MAX_CLEAN_UP_ROUNDS && fit.k() > 0; round++) {
            List<double[]> kept = new ArrayList<>();
            for (int c = 0; c < fit.k(); c++) {
                if (fit.sizes()[c] >= MIN_PROTOTYPE_SIZE && fit.cohesion(c) >= settings.minCohesion()) {
                    kept.add(fit.centroids()[c]);
                }
            }
            if (kept.size() == fit.k()) {
                break;
            }
            fit = SphericalKMeans.lloyd(points, active, kept, REFINE_ITERATIONS, settings.memberSimilarity());
        }
        return fit;
    }

    /** Per prototype, how many of its members were in each previous cluster. */
    private static int[][] history(SphericalKMeans.Fit prototypes, int[] previousCluster) {
        int previousCount = Arrays.stream(previousCluster).max().orElse(-1) + 1;
        int[][] history = new int[prototypes.k()][previousCount];
        for (int i = 0; i < previousCluster.length; i++) {
            int c = prototypes.assignment()[i];
            if (c != SphericalKMeans.UNASSIGNED && previousCluster[i] >= 0) {
                history[c][previousCluster[i]]++;
            }
        }
        return history;
    }

    /** Point assignments to modes, and per mode the sum of its members' vectors and its size. */
    private record Modes(int[] assignment, double[][] sums, int[] sizes) {

        static Modes none(int n) {
            int[] assignment = new int[n];
            Arrays.fill(assignment, SphericalKMeans.UNASSIGNED);
            return new Modes(assignment, new double[0][], new int[0]);
        }

        int k() {
            return sizes.length;
        }

        double cohesion(int c) {
            int n = sizes[c];
            double norm = Vectors.norm(sums[c]);
            return n < 2 ? 0 : (norm * norm - n) / ((double) n * (n - 1));
        }
    }

    /** Merges the prototypes into modes; modes smaller than the minimum size dissolve into noise. */
    private Modes modes(int n, SphericalKMeans.Fit prototypes, int[] previousCluster) {
        int[] assignment = new int[n];
        java.util.Arrays.fill(assignment, SphericalKMeans.UNASSIGNED);
        if (prototypes.k() == 0) {
            return new Modes(assignment, new double[0][], new int[0]);
        }
        int[] groupOf = PrototypeMerging.groups(prototypes.sums(), prototypes.sizes(), settings.mergeSimilarity(),
                MIN_MODE_COHESION, history(prototypes, previousCluster));
        int groups = Arrays.stream(groupOf).max().orElse(-1) + 1;
        int[] groupSizes = new int[groups];
        for (int c = 0; c < prototypes.k(); c++) {
            groupSizes[groupOf[c]] += prototypes.sizes()[c];
        }
        int[] number = new int[groups];
        int kept = 0;
        for (int g = 0; g < groups; g++) {
            number[g] = groupSizes[g] >= settings.minClusterSize() ? kept++ : SphericalKMeans.UNASSIGNED;
        }
        double[][] sums = new double[kept][];
        int[] sizes = new int[kept];
        for (int c = 0; c < prototypes.k(); c++) {
            int m = number[groupOf[c]];
            if (m == SphericalKMeans.UNASSIGNED) {
                continue;
            }
            if (sums[m] == null) {
                sums[m] = prototypes.sums()[c].clone();
            } else {
                double[] sum = sums[m];
                double[] add = prototypes.sums()[c];
                for (int j = 0; j < sum.length; j++) {
                    sum[j] += add[j];
                }
            }
            sizes[m] += prototypes.sizes()[c];
        }
        for (int i = 0; i < n; i++) {
            int c = prototypes.assignment()[i];
            assignment[i] = c == SphericalKMeans.UNASSIGNED ? c : number[groupOf[c]];
        }
        return new Modes(assignment, sums, sizes);
    }

    private static final class Draft {
        List<String> memberIds;
        List<String> exemplarIds;
        List<String> topTerms;
        double[] centroid;
        double cohesion;
        Instant firstAt;
        Instant lastAt;
        String firstMember;
    }

    private List<Draft> drafts(List<Failure> sorted, TfIdf tfidf, Space space, HashedProjection projection,
                               Points points, Modes modes) {
        int k = modes.k();
        int n = sorted.size();
        List<List<Integer>> members = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            int c = modes.assignment()[i];
            if (c != SphericalKMeans.UNASSIGNED) {
                members.get(c).add(i);
            }
        }
        double[] overall = new double[tfidf.dimension()];
        for (SparseVector v : tfidf.vectors()) {
            v.addTo(overall, 1.0);
        }
        List<Draft> drafts = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            List<Integer> own = members.get(c);
            Draft d = new Draft();
            d.memberIds = own.stream().map(i -> sorted.get(i).id()).toList();
            d.firstMember = d.memberIds.get(0);
            double[] inside = new double[tfidf.dimension()];
            Instant first = null;
            Instant last = null;
            for (int i : own) {
                tfidf.vectors()[i].addTo(inside, 1.0);
                Instant at = sorted.get(i).at();
                first = first == null || at.isBefore(first) ? at : first;
                last = last == null || at.isAfter(last) ? at : last;
            }
            d.cohesion = modes.cohesion(c);
            d.firstAt = first;
            d.lastAt = last;
            d.topTerms = topTerms(tfidf, inside, overall, own.size(), n);
            double[] centroid = Vectors.normalized(modes.sums()[c]);
            Map<Integer, Double> similarity = new HashMap<>();
            own.forEach(i -> similarity.put(i, points.dot(i, centroid)));
            d.exemplarIds = own.stream()
                    .sorted(Comparator.<Integer>comparingDouble(i -> -similarity.get(i)).thenComparing(i -> sorted.get(i).id()))
                    .limit(settings.exemplars()).map(i -> sorted.get(i).id()).toList();
            d.centroid = space.text() ? projection.project(modes.sums()[c], tfidf.terms()) : centroid;
            drafts.add(d);
        }
        drafts.sort(Comparator.<Draft>comparingInt(d -> -d.memberIds.size()).thenComparing(d -> d.firstMember));
        return drafts;
    }

    /** Words whose mean weight inside the cluster most exceeds their mean weight outside it. */
    private List<String> topTerms(TfIdf tfidf, double[] inside, double[] overall, int size, int n) {
        int outsideCount = Math.max(1, n - size);
        Integer[] order = new Integer[inside.length];
        double[] score = new double[inside.length];
        for (int t = 0; t < inside.length; t++) {
            order[t] = t;
            score[t] = inside[t] / size - (overall[t] - inside[t]) / outsideCount;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(t -> -score[t]).thenComparing(t -> tfidf.terms().get(t)));
        Set<String> words = new LinkedHashSet<>();
        for (int t : order) {
            if (words.size() >= settings.topTerms() || score[t] <= 0) {
                break;
            }
            if (!FailureText.isMeta(tfidf.terms().get(t))) {
                words.add(tfidf.surfaces().get(t));
            }
        }
        return List.copyOf(words);
    }
}
