package dev.feedbackloop.kernel.analysis;

import java.util.List;

/**
 * The answer to {@link FindSimilarFailures}: the model that compared the texts, the text compared, and the nearest
 * failures, most similar first.
 */
public record SimilarFailures(String model, String text, List<SimilarFailure> failures) {

    public SimilarFailures {
        failures = List.copyOf(failures);
    }
}
