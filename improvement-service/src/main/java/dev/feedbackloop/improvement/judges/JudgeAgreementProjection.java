package dev.feedbackloop.improvement.judges;

import org.springframework.context.annotation.Bean;
import dev.feedbackloop.support.readmodel.ReadModelIndex;
import dev.feedbackloop.support.readmodel.ProjectionIndexes;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.cycle.FindJudgeAgreement;
import dev.feedbackloop.kernel.cycle.JudgeAgreementDropped;
import dev.feedbackloop.kernel.cycle.JudgeAgreementMeasured;
import dev.feedbackloop.kernel.cycle.JudgeAgreementView;
import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.feedbackloop.support.readmodel.Docs.date;
import static dev.feedbackloop.support.readmodel.Docs.instant;
import static dev.feedbackloop.support.readmodel.Docs.number;

/**
 * The {@value #COLLECTION} read model: one document per assessment name and recorded week, with the week's kappa,
 * pairs and whether it dropped. Writes are $sets of what the events say, with their own times.
 */
@Component
@ProcessingGroup(JudgeAgreementProjection.PROCESSING_GROUP)
public class JudgeAgreementProjection {

    /** The indexes this read model's queries need on a real MongoDB (see {@link ReadModelIndex}). */
    @Bean
    static ProjectionIndexes judgeAgreementProjectionIndexes() {
        return ProjectionIndexes.of("judge agreement",
                ReadModelIndex.of(COLLECTION, "assessment", Indexes.ascending("assessment_name")));
    }

    public static final String PROCESSING_GROUP = "trigger-judge-agreement";
    public static final String COLLECTION = "judge_agreement";

    private final ReadModelWriter writer;
    private final Duration timeout;

    public JudgeAgreementProjection(ReadModelWriter writer, PlatformProperties platform) {
        this.writer = writer;
        this.timeout = platform.mongo().timeout().multipliedBy(4);
    }

    static String id(String assessmentName, String week) {
        // the week has a fixed length, so the text after the last '@' is always the week
        return assessmentName + "@" + week;
    }

    @EventHandler
    void on(JudgeAgreementMeasured event) {
        writer.update(COLLECTION, Filters.eq("_id", id(event.assessmentName(), event.week())), Updates.combine(
                Updates.set("assessment_name", event.assessmentName()),
                Updates.set("week", event.week()),
                Updates.set("kappa", event.kappa()),
                Updates.set("pairs", event.pairs()),
                Updates.set("measured_at", date(event.at())),
                Updates.setOnInsert("dropped", false)), true);
    }

    @EventHandler
    void on(JudgeAgreementDropped event) {
        writer.update(COLLECTION, Filters.eq("_id", id(event.assessmentName(), event.week())), Updates.combine(
                Updates.set("assessment_name", event.assessmentName()),
                Updates.set("week", event.week()),
                Updates.set("dropped", true),
                Updates.set("previous_kappa", event.previousKappa())), true);
    }

    @ResetHandler
    void reset() {
        writer.drop(COLLECTION);
    }

    @QueryHandler
    public CompletableFuture<List<JudgeAgreementView>> handle(FindJudgeAgreement query) {
        return Flux.from(writer.collection(COLLECTION)
                        .find(query.assessmentName() == null ? new Document()
                                : Filters.eq("assessment_name", query.assessmentName()))
                        .sort(Sorts.orderBy(Sorts.descending("week"), Sorts.ascending("assessment_name")))
                        .limit(query.limit()))
                .map(JudgeAgreementProjection::view).collectList().toFuture();
    }

    /** Every recorded week (for the tracker: what is recorded already). */
    List<JudgeAgreementView> all() {
        List<JudgeAgreementView> all = Flux.from(writer.collection(COLLECTION).find().batchSize(ReadModelWriter.SCAN_BATCH))
                .map(JudgeAgreementProjection::view).collectList().block(timeout);
        return all == null ? List.of() : all;
    }

    static JudgeAgreementView view(Document d) {
        Number pairs = (Number) d.get("pairs");
        return new JudgeAgreementView(d.getString("assessment_name"), d.getString("week"), number(d, "kappa"),
                pairs == null ? 0 : pairs.longValue(), Boolean.TRUE.equals(d.getBoolean("dropped")),
                number(d, "previous_kappa"), instant(d, "measured_at"));
    }
}
