/**
 * retrain_judges_if_drift (spec section 21.4.4, improvement-cycle actions): where LLM judges and humans assess the
 * same traces, Cohen's kappa between them is measured per assessment name and completed ISO week; a significant drop
 * against the previous recorded week records {@code JudgeAgreementDropped} and opens a ticket to retrain the judge.
 * <ul>
 *     <li>{@link dev.feedbackloop.trigger.stats.CohensKappa}, {@link dev.feedbackloop.trigger.judges.JudgeLabels}:
 *     the statistics, pure;</li>
 *     <li>{@link dev.feedbackloop.trigger.judges.JudgePairsProjection}: the human and LLM-judge assessments, and the
 *     pair of each assessment name and trace;</li>
 *     <li>{@link dev.feedbackloop.trigger.judges.JudgeAgreementTracker}: measures the completed weeks not yet
 *     recorded, oldest first, and sends them to the {@link dev.feedbackloop.trigger.judges.JudgeAgreement}
 *     aggregate;</li>
 *     <li>{@link dev.feedbackloop.trigger.judges.JudgeTickets}: a drop opens a ticket;</li>
 *     <li>{@link dev.feedbackloop.trigger.judges.JudgeAgreementProjection} and
 *     {@link dev.feedbackloop.trigger.judges.JudgeAgreementController}: {@code GET /api/v1/judges/agreement}.</li>
 * </ul>
 */
package dev.feedbackloop.trigger.judges;

