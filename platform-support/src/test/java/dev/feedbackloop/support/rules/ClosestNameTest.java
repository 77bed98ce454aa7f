package dev.feedbackloop.support.rules;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClosestNameTest {

    static final List<String> METRICS = List.of("task_success_rate", "retry_rate", "thumbs_up_rate", "negative_signals");

    @Test
    void aTypoIsMatchedToTheNearestKnownName() {
        assertThat(ClosestName.to("task_sucess_rate", METRICS)).contains("task_success_rate");
        assertThat(ClosestName.to("retry-rate", METRICS)).contains("retry_rate");
        assertThat(ClosestName.to("treshold", List.of("metric", "threshold", "window"))).contains("threshold");
    }

    @Test
    void anAbbreviationOfAKnownNameIsMatchedToIt() {
        assertThat(ClosestName.to("negative", METRICS)).contains("negative_signals");
        assertThat(ClosestName.to("model_released", List.of("model_version_released"))).contains("model_version_released");
        assertThat(ClosestName.to("intent", List.of("agent_id", "intent_category"))).contains("intent_category");
        assertThat(ClosestName.to("rate", METRICS)).as("neither a start nor half of any name").isEmpty();
    }

    @Test
    void somethingUnlikeAnyKnownNameGetsNoSuggestion() {
        assertThat(ClosestName.to("latency_p99", METRICS)).isEmpty();
        assertThat(ClosestName.to("x", List.of())).isEmpty();
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(ClosestName.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(ClosestName.distance("", "abc")).isEqualTo(3);
        assertThat(ClosestName.distance("same", "same")).isZero();
    }
}
