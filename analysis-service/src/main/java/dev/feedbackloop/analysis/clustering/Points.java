package dev.feedbackloop.analysis.clustering;

/**
 * Unit-length points to cluster, sparse (TF-IDF) or dense (embeddings). Centroids are handed over transposed, one
 * row of {@code k} weights per dimension, so that scoring a sparse point against every centroid touches only the
 * rows of its own terms.
 */
interface Points {

    int size();

    int dimension();

    /** {@code out[c] = point i . centroid c} for the {@code k} centroids in {@code transposed} ({@code dimension x k}). */
    void scores(int i, double[] transposed, int k, double[] out);

    /** Adds point {@code i} to {@code sum} (length {@link #dimension()}). */
    void addTo(int i, double[] sum);

    /** Point i's dot product with a dense vector. */
    double dot(int i, double[] vector);

    boolean isEmpty(int i);

    record Sparse(SparseVector[] vectors, int dimension) implements Points {

        @Override
        public int size() {
            return vectors.length;
        }

        @Override
        public void scores(int i, double[] transposed, int k, double[] out) {
            java.util.Arrays.fill(out, 0, k, 0.0);
            SparseVector v = vectors[i];
            int[] indices = v.indices();
            float[] values = v.values();
            for (int t = 0; t < indices.length; t++) {
                double x = values[t];
                int row = indices[t] * k;
                for (int c = 0; c < k; c++) {
                    out[c] += x * transposed[row + c];
                }
            }
        }

        @Override
        public void addTo(int i, double[] sum) {
            vectors[i].addTo(sum, 1.0);
        }

        @Override
        public double dot(int i, double[] vector) {
            return vectors[i].dot(vector);
        }

        @Override
        public boolean isEmpty(int i) {
            return vectors[i].isEmpty();
        }
    }

    record Dense(float[][] vectors, int dimension) implements Points {

        @Override
        public int size() {
            return vectors.length;
        }

        @Override
        public void scores(int i, double[] transposed, int k, double[] out) {
            java.util.Arrays.fill(out, 0, k, 0.0);
            float[] v = vectors[i];
            for (int j = 0; j < v.length; j++) {
                double x = v[j];
                if (x == 0) {
                    continue;
                }
                int row = j * k;
                for (int c = 0; c < k; c++) {
                    out[c] += x * transposed[row + c];
                }
            }
        }

        @Override
        public void addTo(int i, double[] sum) {
            float[] v = vectors[i];
            for (int j = 0; j < v.length; j++) {
                sum[j] += v[j];
            }
        }

        @Override
        public double dot(int i, double[] vector) {
            float[] v = vectors[i];
            double sum = 0;
            for (int j = 0; j < v.length; j++) {
                sum += v[j] * vector[j];
            }
            return sum;
        }

        @Override
        public boolean isEmpty(int i) {
            for (float x : vectors[i]) {
                if (x != 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
