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
}
