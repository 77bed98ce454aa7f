package dev.feedbackloop.analysis.clustering;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FailureTextTest {

    @Test
    void composeJoinsCommentCorrectionAndReasonsAndSkipsBlankParts() {
        assertThat(FailureText.compose("Refund missing", " ", List.of("not grounded", "")))
                .isEqualTo("Refund missing. not grounded");
        assertThat(FailureText.compose(null, null, null)).isEmpty();
    }

    @Test
    void termsAreLowerCasedStemmedAndFreeOfStopWordsAndNumbers() {
        List<FailureText.Term> terms = FailureText.terms("My REFUND for order 10293 hasn't been processed!");

        assertThat(terms).extracting(FailureText.Term::stem).containsExactly("refund", "order", "process");
        assertThat(terms).extracting(FailureText.Term::surface).containsExactly("refund", "order", "processed");
    }

    @Test
    void possessivesLoseTheirEndingAndTypographicApostrophesCount() {
        assertThat(FailureText.terms("the customer’s password")).extracting(FailureText.Term::surface)
                .containsExactly("customer", "password");
    }

    @Test
    void intentAndToolsBecomePrefixedTokens() {
        assertThat(FailureText.intentToken(" Billing ")).isEqualTo("intent:billing");
        assertThat(FailureText.toolToken("CRM_Lookup")).isEqualTo("tool:crm_lookup");
        assertThat(FailureText.intentToken(" ")).isNull();
        assertThat(Arrays.asList(FailureText.isMeta("tool:x"), FailureText.isMeta("toolbox"))).containsExactly(true, false);
    }
}
