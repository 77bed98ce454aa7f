package dev.feedbackloop.analysis.clustering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * TF-IDF over one run's failures: sublinear term frequency ({@code 1 + ln tf}) times smoothed inverse document
 * frequency ({@code ln((1 + n) / (1 + df)) + 1}), intent and tool tokens scaled down by a weight of their own, each
 * vector L2-normalised. The vocabulary keeps the terms found in at least {@code minDocumentFrequency} failures, at
 * most {@code maxVocabulary} of them by document frequency, so its size does not grow with the number of failures.
 *
 * @param terms    the vocabulary: a stem, or an {@code intent:}/{@code tool:} token, by index
 * @param surfaces for each index, the word most often stemmed to that term (the token itself for intent and tools)
 * @param vectors  one vector per failure, in input order; empty when none of its terms is in the vocabulary
 */
record TfIdf(List<String> terms, List<String> surfaces, SparseVector[] vectors) {

    static TfIdf fit(List<Failure> failures, int maxVocabulary, int minDocumentFrequency, double metaWeight) {
        int n = failures.size();
        List<Map<String, Integer>> counts = new ArrayList<>(n);
        Map<String, int[]> documentFrequency = new HashMap<>();
        Map<String, Map<String, Integer>> surfaceCounts = new HashMap<>();
        for (Failure failure : failures) {
            Map<String, Integer> termCounts = new HashMap<>();
            for (FailureText.Term term : FailureText.terms(failure.text())) {
                termCounts.merge(term.stem(), 1, Integer::sum);
                surfaceCounts.computeIfAbsent(term.stem(), s -> new HashMap<>(4)).merge(term.surface(), 1, Integer::sum);
            }
            String intent = FailureText.intentToken(failure.intent());
            if (intent != null) {
                termCounts.merge(intent, 1, Integer::sum);
            }
            for (String tool : failure.tools()) {
                String token = FailureText.toolToken(tool);
                if (token != null) {
                    termCounts.merge(token, 1, Integer::sum);
                }
            }
            termCounts.keySet().forEach(term -> documentFrequency.computeIfAbsent(term, t -> new int[1])[0]++);
            counts.add(termCounts);
        }

        List<Map.Entry<String, int[]>> kept = new ArrayList<>();
        for (Map.Entry<String, int[]> entry : documentFrequency.entrySet()) {
            if (entry.getValue()[0] >= minDocumentFrequency) {
                kept.add(entry);
            }
        }
        kept.sort(Comparator.<Map.Entry<String, int[]>>comparingInt(e -> -e.getValue()[0]).thenComparing(Map.Entry::getKey));
        if (kept.size() > maxVocabulary) {
            kept = kept.subList(0, maxVocabulary);
        }
        kept.sort(Map.Entry.comparingByKey());

        List<String> terms = new ArrayList<>(kept.size());
        List<String> surfaces = new ArrayList<>(kept.size());
        Map<String, Integer> index = new HashMap<>();
        double[] idf = new double[kept.size()];
        for (Map.Entry<String, int[]> entry : kept) {
            String term = entry.getKey();
            int i = terms.size();
            index.put(term, i);
            terms.add(term);
            surfaces.add(FailureText.isMeta(term) ? term : mostFrequent(surfaceCounts.get(term), term));
            double weight = FailureText.isMeta(term) ? metaWeight : 1.0;
            idf[i] = weight * (Math.log((1.0 + n) / (1.0 + entry.getValue()[0])) + 1.0);
        }

        SparseVector[] vectors = new SparseVector[n];
        for (int d = 0; d < n; d++) {
            vectors[d] = vector(counts.get(d), index, idf);
            counts.set(d, null);
        }
        return new TfIdf(List.copyOf(terms), List.copyOf(surfaces), vectors);
    }

    int dimension() {
        return terms.size();
    }

    private static SparseVector vector(Map<String, Integer> termCounts, Map<String, Integer> index, double[] idf) {
        long[] packed = new long[termCounts.size()];
        int size = 0;
        for (Map.Entry<String, Integer> entry : termCounts.entrySet()) {
            Integer i = index.get(entry.getKey());
            if (i != null) {
                packed[size++] = ((long) i << 32) | entry.getValue();
            }
        }
        if (size == 0) {
            return SparseVector.EMPTY;
        }
        Arrays.sort(packed, 0, size);
        int[] indices = new int[size];
        double[] raw = new double[size];
        double norm = 0;
        for (int k = 0; k < size; k++) {
            indices[k] = (int) (packed[k] >>> 32);
            int tf = (int) packed[k];
            raw[k] = (1.0 + Math.log(tf)) * idf[indices[k]];
            norm += raw[k] * raw[k];
        }
        norm = Math.sqrt(norm);
        float[] values = new float[size];
        for (int k = 0; k < size; k++) {
            values[k] = (float) (raw[k] / norm);
        }
        return new SparseVector(indices, values);
    }

    private static String mostFrequent(Map<String, Integer> surfaceCounts, String fallback) {
        if (surfaceCounts == null) {
            return fallback;
        }
        return surfaceCounts.entrySet().stream()
                .max(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey).orElse(fallback);
    }
}
