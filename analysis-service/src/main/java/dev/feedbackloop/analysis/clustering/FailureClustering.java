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
 *     <li>Vectors: the embeddings when every failure has one of the same length (L2-normalised, centred on the
 *     window's mean, projected down to {@link ClusteringSettings#projectionDimension()} when longer than
 *     {@link #MAX_DENSE_DIMENSION}, intent and tools appended, see {@link ClusteringSettings.Dense}), otherwise TF-IDF
 *     over the window ({@link TfIdf}). TF-IDF is computed in either case: it gives the top terms.</li>
 *     <li>Prototypes: {@link OverclusteringKMeans} runs spherical k-means with deliberately too many clusters,
 *     seeded by k-means++ whose random draws are keyed by failure id (a few new failures change few seeds). A
 *     failure less similar than {@link ClusteringSettings#memberSimilarity()} to every prototype is noise; prototypes
 *     under {@link #MIN_PROTOTYPE_SIZE} members or looser than {@link ClusteringSettings#minCohesion()} dissolve and
 *     their members are assigned again. With embeddings, a prototype that holds two modes is split in two
 *     ({@link PrototypeSplitting}).</li>
 *     <li>Modes: {@link PrototypeMerging} merges similar prototypes (embeddings: by average linkage), with hysteresis
 *     from the previous run's membership (embeddings: a mode found before keeps the dense minimum cohesion); modes
 *     smaller than {@link ClusteringSettings#minClusterSize()} (embeddings: or under the {@link ModeBar}: looser than
 *     the dense minimum cohesion, unless only a little looser and from clearly fewer tasks than the window) dissolve
 *     into noise; with embeddings, each clustered failure then moves to the mode whose centroid it is most alike
 *     (k-means over the modes: a prototype that held members of two modes gives each its own), and members far
 *     from their mode's centroid become noise.
 *     {@link KeyPhrases} labels each mode.</li>
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
    /** Rounds of moving failures between modes at most; they stop earlier when none moves. */
    static final int REASSIGN_ROUNDS = 10;
    static final int MIN_PROTOTYPE_SIZE = 3;
    /** Prototypes are not merged into a group whose members would be on average less alike than this. */
    static final double MIN_MODE_COHESION = 0.15;
    static final int LABEL_TERMS = 3;
    /** The label is drawn from this many members closest to the centroid, against a sample of this many failures. */
    static final int LABEL_MEMBERS = 50;
    static final int LABEL_OTHERS = 2_000;
    /** Embeddings up to this length are clustered as they are; longer ones are projected down. */
    static final int MAX_DENSE_DIMENSION = 1024;
    static final int META_DIMENSION = 64;

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
        return cluster(failures, previous, "embedding");
    }

    /**
     * Clusters the failures of a window.
     *
     * @param failures       the window's failures, ids unique
     * @param previous       the previous run's result (ids are carried over from it), or null for a first run
     * @param embeddingName  names where the failures' embeddings come from (a model, or the agent), so that centroids
     *                       of different embeddings of the same length are never compared across runs
     */
    public FailureClusters cluster(List<Failure> failures, FailureClusters previous, String embeddingName) {
        List<Failure> sorted = new ArrayList<>(failures);
        sorted.sort(Comparator.comparing(Failure::id));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).id().equals(sorted.get(i - 1).id())) {
                throw new IllegalArgumentException("duplicate failure id " + sorted.get(i).id());
            }
        }
        TfIdf tfidf = TfIdf.fit(sorted, settings.maxVocabulary(), settings.minDocumentFrequency(), settings.metaWeight());
        HashedProjection projection = new HashedProjection(settings.projectionDimension(), settings.seed());
        Space space = space(sorted, tfidf, projection, embeddingName);
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
            SphericalKMeans.Fit prototypes = prune(points, active, centroids, member(space), cohesion(space));
            if (!space.text()) {
                prototypes = PrototypeSplitting.split(points, keys, prototypes, MIN_PROTOTYPE_SIZE, cohesion(space),
                        merge(space), split -> prune(points, active, split, member(space), cohesion(space)));
            }
            TaskSignature tasks = space.text() || settings.dense().metaWeight() <= 0 ? null
                    : new TaskSignature((Points.Dense) points, active, META_DIMENSION, settings.dense().metaWeight());
            modes = modes(points.size(), prototypes, previousCluster, merge(space), !space.text(),
                    space.text() ? null : new ModeBar(settings.dense().minCohesion(), tasks), tasks);
            if (!space.text()) {
                moveToNearestModes(points, modes);
                trim(points, modes, member(space));
            }
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
            String label = d.keyPhrases.isEmpty() ? String.join(", ", d.topTerms.subList(0,
                    Math.min(LABEL_TERMS, d.topTerms.size()))) : String.join(", ", d.keyPhrases);
            clusters.add(new Cluster(matched.ids().get(c), label, d.topTerms, d.memberIds, d.exemplarIds, d.centroid,
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

    /** The similarity levels of the space. */
    private double merge(Space space) {
        return space.text() ? settings.mergeSimilarity() : settings.dense().mergeSimilarity();
    }

    private double member(Space space) {
        return space.text() ? settings.memberSimilarity() : settings.dense().memberSimilarity();
    }

    private double cohesion(Space space) {
        return space.text() ? settings.minCohesion() : settings.dense().minCohesion();
    }

    private Space space(List<Failure> sorted, TfIdf tfidf, HashedProjection projection, String embeddingName) {
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
        ClusteringSettings.Dense dense = settings.dense();
        if (dense.center()) {
            // a known model: take out what all its texts share, and no more (a window of one mode keeps its mode);
            // other embeddings: the window's whole mean
            Vectors.center(vectors, SentenceModel.fromWireName(embeddingName).map(SentenceModel::sharedNorm)
                    .filter(norm -> norm > 0).orElse(Double.POSITIVE_INFINITY));
        }
        String name = String.format(Locale.ROOT, "%s%d%s", embeddingName, length, dense.center() ? "-centered" : "");
        if (length > MAX_DENSE_DIMENSION) {
            vectors = projection.projectEmbeddings(vectors, length);
            name = String.format(Locale.ROOT, "%s-rp%d-seed%d", name, projection.dimension(), settings.seed());
        }
        if (dense.metaWeight() > 0) {
            vectors = withMeta(sorted, vectors, dense.metaWeight());
            name = String.format(Locale.ROOT, "%s-meta%.2f", name, dense.metaWeight());
        }
        return new Space(name, new Points.Dense(vectors, vectors[0].length), false);
    }

    /**
     * Appends the intent and tools to each embedding: {@link #META_DIMENSION} coordinates, a hashed random projection
     * of the intent and tool tokens (the same rows in every run), scaled so that the meta part carries
     * {@code weight} of the unit length. Failures without intent or tools get a zero meta part.
     */
    private float[][] withMeta(List<Failure> sorted, float[][] vectors, double weight) {
        HashedProjection meta = new HashedProjection(META_DIMENSION, settings.seed());
        double textScale = Math.sqrt(1 - weight);
        double metaScale = Math.sqrt(weight);
        float[][] out = new float[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            Failure f = sorted.get(i);
            List<String> tokens = new ArrayList<>();
            java.util.Optional.ofNullable(FailureText.intentToken(f.intent())).ifPresent(tokens::add);
            f.tools().stream().map(FailureText::toolToken).filter(Objects::nonNull).distinct().forEach(tokens::add);
            double[] m = tokens.isEmpty() ? new double[META_DIMENSION] : meta.project(ones(tokens.size()), tokens);
            float[] v = vectors[i];
            float[] joined = new float[v.length + META_DIMENSION];
            for (int j = 0; j < v.length; j++) {
                joined[j] = (float) (v[j] * textScale);
            }
            for (int j = 0; j < META_DIMENSION; j++) {
                joined[v.length + j] = (float) (m[j] * metaScale);
            }
            out[i] = Vectors.normalizedFloats(joined);
        }
        return out;
    }

    private static double[] ones(int n) {
        double[] ones = new double[n];
        Arrays.fill(ones, 1.0);
        return ones;
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
    private SphericalKMeans.Fit prune(Points points, int[] active, List<double[]> centroids, double memberSimilarity,
                                      double minCohesion) {
        SphericalKMeans.Fit fit = SphericalKMeans.lloyd(points, active, centroids, REFINE_ITERATIONS, memberSimilarity);
        for (int round = 0; round < MAX_CLEAN_UP_ROUNDS && fit.k() > 0; round++) {
            List<double[]> kept = new ArrayList<>();
            for (int c = 0; c < fit.k(); c++) {
                if (fit.sizes()[c] >= MIN_PROTOTYPE_SIZE && fit.cohesion(c) >= minCohesion) {
                    kept.add(fit.centroids()[c]);
                }
            }
            if (kept.size() == fit.k()) {
                break;
            }
            fit = SphericalKMeans.lloyd(points, active, kept, REFINE_ITERATIONS, memberSimilarity);
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

    /**
     * Moves each clustered failure to the mode whose centroid (as the round began) it is most alike, unless its mode
     * would fall under the minimum size; noise stays noise. Rounds until none moves, at most {@link #REASSIGN_ROUNDS}.
     * A failure whose own mode led the next best by more than the centroids have since moved is not compared again
     * (the bound of Hamerly's k-means: for unit vectors a similarity changes by at most the centroid's shift), so
     * the rounds after the first look at the few failures near a border.
     */
    private void moveToNearestModes(Points points, Modes modes) {
        int k = modes.k();
        if (k < 2) {
            return;
        }
        int[] assignment = modes.assignment();
        double[] margin = new double[assignment.length];
        Arrays.fill(margin, Double.NEGATIVE_INFINITY);
        double[][] centroids = new double[k][];
        for (int c = 0; c < k; c++) {
            centroids[c] = Vectors.normalized(modes.sums()[c]);
        }
        double[] point = new double[points.dimension()];
        for (int round = 0; round < REASSIGN_ROUNDS; round++) {
            boolean moved = false;
            for (int i = 0; i < assignment.length; i++) {
                int c = assignment[i];
                if (c == SphericalKMeans.UNASSIGNED || margin[i] > 0) {
                    continue;
                }
                int best = c;
                double own = points.dot(i, centroids[c]);
                double bestSimilarity = own;
                double other = Double.NEGATIVE_INFINITY;
                for (int d = 0; d < k; d++) {
                    if (d == c) {
                        continue;
                    }
                    double s = points.dot(i, centroids[d]);
                    other = Math.max(other, s);
                    if (s > bestSimilarity) {
                        bestSimilarity = s;
                        best = d;
                    }
                }
                margin[i] = own - other;
                if (best != c && modes.sizes()[c] > settings.minClusterSize()) {
                    Arrays.fill(point, 0);
                    points.addTo(i, point);
                    double[] from = modes.sums()[c];
                    double[] to = modes.sums()[best];
                    for (int j = 0; j < point.length; j++) {
                        from[j] -= point[j];
                        to[j] += point[j];
                    }
                    modes.sizes()[c]--;
                    modes.sizes()[best]++;
                    assignment[i] = best;
                    margin[i] = Double.NEGATIVE_INFINITY;
                    moved = true;
                }
            }
            if (!moved) {
                return;
            }
            double[] shift = new double[k];
            double most = 0;
            for (int c = 0; c < k; c++) {
                double[] next = Vectors.normalized(modes.sums()[c]);
                double squared = 0;
                for (int j = 0; j < next.length; j++) {
                    double d = next[j] - centroids[c][j];
                    squared += d * d;
                }
                shift[c] = Math.sqrt(squared);
                most = Math.max(most, shift[c]);
                centroids[c] = next;
            }
            for (int i = 0; i < assignment.length; i++) {
                if (assignment[i] != SphericalKMeans.UNASSIGNED) {
                    margin[i] -= shift[assignment[i]] + most;
                }
            }
        }
    }

    /**
     * Leaves out of each mode the members less similar than {@code minSimilarity} to the mode's own centroid: a
     * failure can pass the test against its prototype and still be far from the mode the prototype joined. A mode
     * that would keep fewer than the minimum size is left as it is.
     */
    private void trim(Points points, Modes modes, double minSimilarity) {
        int k = modes.k();
        double[][] centroids = new double[k][];
        for (int c = 0; c < k; c++) {
            centroids[c] = Vectors.normalized(modes.sums()[c]);
        }
        int[] assignment = modes.assignment();
        boolean[] far = new boolean[assignment.length];
        int[] kept = modes.sizes().clone();
        for (int i = 0; i < assignment.length; i++) {
            int c = assignment[i];
            if (c != SphericalKMeans.UNASSIGNED && points.dot(i, centroids[c]) < minSimilarity) {
                far[i] = true;
                kept[c]--;
            }
        }
        double[] point = new double[points.dimension()];
        for (int i = 0; i < assignment.length; i++) {
            int c = assignment[i];
            if (!far[i] || kept[c] < settings.minClusterSize()) {
                continue;
            }
            Arrays.fill(point, 0);
            points.addTo(i, point);
            double[] sum = modes.sums()[c];
            for (int j = 0; j < sum.length; j++) {
                sum[j] -= point[j];
            }
            modes.sizes()[c]--;
            assignment[i] = SphericalKMeans.UNASSIGNED;
        }
    }

    /**
     * Merges the prototypes into modes; modes smaller than the minimum size, or (embeddings) under the mode bar,
     * dissolve into noise.
     *
     * @param bar   null: size alone (TF-IDF)
     * @param tasks the task signature the bar reads, or null
     */
    private Modes modes(int n, SphericalKMeans.Fit prototypes, int[] previousCluster, double mergeSimilarity,
                        boolean average, ModeBar bar, TaskSignature tasks) {
        int[] assignment = new int[n];
        java.util.Arrays.fill(assignment, SphericalKMeans.UNASSIGNED);
        if (prototypes.k() == 0) {
            return new Modes(assignment, new double[0][], new int[0]);
        }
        double[] selves = tasks == null ? new double[prototypes.k()] : tasks.selves(prototypes.assignment(), prototypes.k());
        int[] groupOf = PrototypeMerging.groups(prototypes.sums(), prototypes.sizes(), mergeSimilarity,
                MIN_MODE_COHESION, history(prototypes, previousCluster), average, bar, selves);
        int groups = Arrays.stream(groupOf).max().orElse(-1) + 1;
        int[] groupSizes = new int[groups];
        double[][] groupSums = new double[groups][];
        double[] groupSelves = new double[groups];
        for (int c = 0; c < prototypes.k(); c++) {
            groupSizes[groupOf[c]] += prototypes.sizes()[c];
            groupSelves[groupOf[c]] += selves[c];
            if (groupSums[groupOf[c]] == null) {
                groupSums[groupOf[c]] = new double[prototypes.sums()[c].length];
            }
            double[] sum = groupSums[groupOf[c]];
            double[] add = prototypes.sums()[c];
            for (int j = 0; j < sum.length; j++) {
                sum[j] += add[j];
            }
        }
        int[] number = new int[groups];
        int kept = 0;
        for (int g = 0; g < groups; g++) {
            boolean cohesive = bar == null || bar.holds(groupSums[g], groupSelves[g], groupSizes[g]);
            number[g] = groupSizes[g] >= settings.minClusterSize() && cohesive ? kept++ : SphericalKMeans.UNASSIGNED;
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
        List<String> keyPhrases;
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
        // the phrases of an even sample of the window, extracted once: every label is weighed against them
        int step = Math.max(1, n / LABEL_OTHERS);
        int[] sample = java.util.stream.IntStream.iterate(0, i -> i < n, i -> i + step).toArray();
        List<Set<String>> samplePhrases = new ArrayList<>(sample.length);
        for (int i : sample) {
            samplePhrases.add(KeyPhrases.phrasesOf(sorted.get(i).text()));
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
            List<Set<String>> others = new ArrayList<>(sample.length);
            for (int s = 0; s < sample.length; s++) {
                if (modes.assignment()[sample[s]] != c) {
                    others.add(samplePhrases.get(s));
                }
            }
            d.keyPhrases = KeyPhrases.phrases(texts(sorted, own, similarity, LABEL_MEMBERS), others, KeyPhrases.LABEL_PHRASES);
            drafts.add(d);
        }
        drafts.sort(Comparator.<Draft>comparingInt(d -> -d.memberIds.size()).thenComparing(d -> d.firstMember));
        return drafts;
    }

    /** The texts of the members closest to the centroid, at most {@code max}: the label names the mode's core. */
    private static List<String> texts(List<Failure> sorted, List<Integer> own, Map<Integer, Double> similarity, int max) {
        return own.stream().sorted(Comparator.<Integer>comparingDouble(i -> -similarity.get(i)).thenComparing(i -> i))
                .limit(max).map(i -> sorted.get(i).text()).toList();
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
