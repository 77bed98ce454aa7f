/**
 * retrain_judges_if_drift (spec section 21.4.4, improvement-cycle actions): where LLM judges and humans assess the
 * same traces, Cohen's kappa between them is measured per assessment name and completed ISO week; a significant drop
 * against the previous recorded week records {@code JudgeAgreementDropped} and opens a ticket to retrain the judge.
 * <ul>
 *     <li>{@link dev.feedbackloop.improvement.stats.CohensKappa}, {@link dev.feedbackloop.improvement.judges.JudgeLabels}:
 *     the statistics, pure;</li>
 *     <li>{@link dev.feedbackloop.improvement.judges.JudgePairsProjection}: the human and LLM-judge assessments, and the
 *     pair of each assessment name and trace;</li>
 *     <li>{@link dev.feedbackloop.improvement.judges.JudgeAgreementTracker}: measures the completed weeks not yet
 *     recorded, oldest first, and sends them to the {@link dev.feedbackloop.improvement.judges.JudgeAgreement}
 *     aggregate;</li>
 *     <li>the trigger service's {@code JudgeTickets} opens a ticket on a drop;</li>
 *     <li>{@link dev.feedbackloop.improvement.judges.JudgeAgreementProjection} and
 *     {@link dev.feedbackloop.improvement.judges.JudgeAgreementController}: {@code GET /api/v1/judges/agreement}.</li>
 * </ul>
 */
package dev.feedbackloop.improvement.judges;

