package dev.feedbackloop.analysis.clustering;

/** A sparse vector: ascending term indices and their weights. */
record SparseVector(int[] indices, float[] values) {

    static final SparseVector EMPTY = new SparseVector(new int[0], new float[0]);

    boolean isEmpty() {
        return indices.length == 0;
    }

    double dot(double[] dense) {
        double sum = 0;
        for (int k = 0; k < indices.length; k++) {
            sum += values[k] * dense[indices[k]];
        }
        return sum;
    }

    void addTo(double[] dense, double weight) {
        for (int k = 0; k < indices.length; k++) {
            dense[indices[k]] += weight * values[k];
        }
    }
}
