package dev.feedbackloop.analysis.clustering;

/** Small dense-vector helpers. */
final class Vectors {

    private Vectors() {
    }

    static double norm(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }

    static double[] normalized(double[] v) {
        double norm = norm(v);
        double[] out = new double[v.length];
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i] / norm;
            }
        }
        return out;
    }

    static float[] normalizedFloats(double[] v) {
        double norm = norm(v);
        float[] out = new float[v.length];
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                out[i] = (float) (v[i] / norm);
            }
        }
        return out;
    }

    static float[] normalizedFloats(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        double norm = Math.sqrt(sum);
        float[] out = new float[v.length];
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                out[i] = (float) (v[i] / norm);
            }
        }
        return out;
    }

    /** Cosine similarity; 0 when either vector is zero. */
    static double cosine(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of different dimension");
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** Subtracts the mean of the non-zero vectors from each of them and normalises each again; zero vectors stay. */
    static void center(float[][] vectors) {
        center(vectors, Double.POSITIVE_INFINITY);
    }

    /**
     * Like {@link #center(float[][])}, taking out at most {@code maxNorm} of the mean (its direction, shortened to that
     * length when longer).
     */
    static void center(float[][] vectors, double maxNorm) {
        if (vectors.length == 0) {
            return;
        }
        double[] mean = new double[vectors[0].length];
        int nonZero = 0;
        for (float[] v : vectors) {
            if (isZero(v)) {
                continue;
            }
            nonZero++;
            for (int j = 0; j < v.length; j++) {
                mean[j] += v[j];
            }
        }
        for (int j = 0; j < mean.length; j++) {
            mean[j] /= Math.max(1, nonZero);
        }
        double length = norm(mean);
        if (length > maxNorm) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] *= maxNorm / length;
            }
        }
        double[] centered = new double[mean.length];
        for (int i = 0; i < vectors.length; i++) {
            float[] v = vectors[i];
            if (isZero(v)) {
                continue;
            }
            for (int j = 0; j < v.length; j++) {
                centered[j] = v[j] - mean[j];
            }
            vectors[i] = normalizedFloats(centered);
        }
    }

    static boolean isZero(float[] v) {
        for (float x : v) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
