package dev.feedbackloop.trigger.saga;

import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.trigger.testcase.TestCase;

import java.util.List;
import java.util.Map;

/**
 * One failure of a cluster as a test case needs it: the input the agent got, what it did (its output, or what the
 * user said about it) and, when the user corrected it, what it should have done.
 */
public record Exemplar(String feedbackId, String traceId, String agentVersion, String intentCategory, String input,
                       String observed, String expected) {

    /** Metadata keys agents commonly use for the input and the output of the interaction, in order of preference. */
    static final List<String> INPUT_KEYS = List.of("input", "user_input", "query", "prompt", "question");
    static final List<String> OUTPUT_KEYS = List.of("output", "agent_output", "response", "answer");

    static Exemplar of(FeedbackSubmitted feedback) {
        Map<String, Object> attributes = feedback.metadata() == null ? Map.of() : feedback.metadata().attributes();
        String comment = feedback.explicitFeedback() == null ? null : feedback.explicitFeedback().comment();
        String correction = feedback.explicitFeedback() == null ? null : feedback.explicitFeedback().correction();
        String output = first(attributes, OUTPUT_KEYS);
        return new Exemplar(feedback.feedbackId().value(), feedback.traceId() == null ? null : feedback.traceId().value(),
                feedback.metadata() == null ? null : feedback.metadata().agentVersion(),
                feedback.metadata() == null ? null : feedback.metadata().intentCategory(),
                first(attributes, INPUT_KEYS), output != null ? output : comment, correction);
    }

    /** Whether a test case can be made of it: it has the input to replay, and every text fits a test case. */
    boolean canBecomeATestCase() {
        return input != null && !input.isBlank() && fits(input) && fits(observed) && fits(expected);
    }

    private static boolean fits(String text) {
        return text == null || text.length() <= TestCase.MAX_TEXT;
    }

    private static String first(Map<String, Object> attributes, List<String> keys) {
        return keys.stream().map(attributes::get).filter(v -> v instanceof String s && !s.isBlank())
                .map(String.class::cast).findFirst().orElse(null);
    }
}
