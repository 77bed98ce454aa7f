package dev.feedbackloop.improvement.judges;

import dev.feedbackloop.kernel.cycle.FindJudgeAgreement;
import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.JsonValues;
import dev.feedbackloop.support.web.Requests;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.Range;

/** The weeks of one assessment name, or of all; {@code limit} 1 to 1000, 100 by default. */
@ApiQuery
public record JudgeAgreementQuery(@Size(min = 1, max = JsonValues.MAX_ID_LENGTH) String assessment,
                                  @Range(min = 1, max = Requests.MAX_LIMIT) Integer limit) {

    FindJudgeAgreement query() {
        return new FindJudgeAgreement(assessment, limit == null ? Requests.DEFAULT_LIMIT : limit);
    }
}
