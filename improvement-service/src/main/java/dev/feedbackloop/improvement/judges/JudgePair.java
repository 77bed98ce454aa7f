package dev.feedbackloop.improvement.judges;

import dev.feedbackloop.kernel.common.IsoWeeks;

import java.time.Instant;

/**
 * The latest valid human and LLM-judge categories of one assessment name on one trace, with the times they were
 * logged. It belongs to the ISO week of the later of the two times: the week in which the pair became complete.
 */
public record JudgePair(String assessmentName, String traceId, String human, Instant humanAt, String judge,
                        Instant judgeAt) {

    public Instant at() {
        return humanAt.isAfter(judgeAt) ? humanAt : judgeAt;
    }

    public String week() {
        return IsoWeeks.of(at());
    }

    public boolean agree() {
        return human.equals(judge);
    }
}
