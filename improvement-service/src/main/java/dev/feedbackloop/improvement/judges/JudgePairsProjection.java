package dev.feedbackloop.improvement.judges;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.feedback.AssessmentDeleted;
import dev.feedbackloop.kernel.feedback.AssessmentField;
import dev.feedbackloop.kernel.feedback.AssessmentLogged;
import dev.feedbackloop.kernel.feedback.AssessmentUpdated;
import dev.feedbackloop.kernel.feedback.AssessmentSourceType;
import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.feedbackloop.support.readmodel.Docs.date;
import static dev.feedbackloop.support.readmodel.Docs.instant;

/**
 * The {@value #COLLECTION} read model: every human and LLM-judge assessment (code assessments are left out), one
 * document per trace and assessment id, with its category ({@link JudgeLabels}), its own logged time, what it
 * overrides and whether it was deleted. Each write is a $set of what the event says keyed by the event's subject,
 * so a replay rebuilds the same documents; an assessment deleted is kept, marked.
 * <p>
 * The pair of an assessment name and trace ({@link #pairs}) is resolved from these documents when read rather than
 * stored: {@code AssessmentDeleted} does not name the assessment, and the writer sends a batch's writes only when it
 * commits, so a handler reading a pair document to change it could read it stale. The rules of {@link #resolve}:
 * <ul>
 *     <li>an assessment counts for its own source (human or LLM judge) while it is not deleted and no assessment of
 *     the same source that is not deleted overrides it: a judge re-run replaces the judge's value, a human
 *     correcting a human replaces the human's;</li>
 *     <li>a human overriding an LLM judge's assessment does not erase the judge's verdict here (in the trace's own
 *     view it is no longer valid): it becomes the human's value, and the judge's stays what the judge said. Dropping
 *     it would remove exactly the disagreements and inflate kappa;</li>
 *     <li>of those, the latest logged of each source (ties by assessment id) is its value; the pair exists when both
 *     have one with a category.</li>
 * </ul>
 */
@Component
@ProcessingGroup(JudgePairsProjection.PROCESSING_GROUP)
public class JudgePairsProjection {

    public static final String PROCESSING_GROUP = "trigger-judge-pairs";
    public static final String COLLECTION = "judge_assessments";

    private final ReadModelWriter writer;
    private final Duration timeout;

    public JudgePairsProjection(ReadModelWriter writer, PlatformProperties platform) {
        this.writer = writer;
        this.timeout = platform.mongo().timeout().multipliedBy(4);
    }

    /** An assessment as the pairs need it. */
    public record Assessment(String traceId, String assessmentId, String name, AssessmentSourceType source,
                             String category, Instant loggedAt, String overrides, boolean deleted) {
    }

    static String id(String traceId, String assessmentId) {
        // neither id may hold whitespace, so the space keeps them apart
        return traceId + " " + assessmentId;
    }

    @EventHandler
    void on(AssessmentLogged event) {
        AssessmentSourceType source = event.source() == null ? null : event.source().sourceType();
        if (source != AssessmentSourceType.HUMAN && source != AssessmentSourceType.LLM_JUDGE) {
            return;
        }
        writer.update(COLLECTION, Filters.eq("_id", id(event.traceId().value(), event.assessmentId().value())),
                Updates.combine(
                        Updates.set("trace_id", event.traceId().value()),
                        Updates.set("assessment_id", event.assessmentId().value()),
                        Updates.set("name", event.name()),
                        Updates.set("source", source.name()),
                        Updates.set("category", JudgeLabels.category(event.value())),
                        Updates.set("logged_at", date(event.loggedAt())),
                        Updates.set("overrides", event.overrides() == null ? null : event.overrides().value())), true);
    }

    /** A name or value changed in place; a code assessment was never stored, so the update then matches nothing. */
    @EventHandler
    void on(AssessmentUpdated event) {
        List<Bson> sets = new ArrayList<>();
        if (event.fields().contains(AssessmentField.NAME)) {
            sets.add(Updates.set("name", event.name()));
        }
        if (event.fields().contains(AssessmentField.VALUE)) {
            sets.add(Updates.set("category", JudgeLabels.category(event.value())));
        }
        if (!sets.isEmpty()) {
            writer.update(COLLECTION, Filters.eq("_id", id(event.traceId().value(), event.assessmentId().value())),
                    Updates.combine(sets), false);
        }
    }

    @EventHandler
    void on(AssessmentDeleted event) {
        // a code assessment was never stored: the update then matches nothing
        writer.update(COLLECTION, Filters.eq("_id", id(event.traceId().value(), event.assessmentId().value())),
                Updates.combine(Updates.set("deleted", true), Updates.set("deleted_at", date(event.deletedAt()))), false);
    }

    @ResetHandler
    void reset() {
        writer.drop(COLLECTION);
    }

    /** Every pair there is now (a scan of the collection). */
    public List<JudgePair> pairs() {
        List<Assessment> all = Flux.from(writer.collection(COLLECTION).find()
                        .batchSize(ReadModelWriter.SCAN_BATCH))
                .map(JudgePairsProjection::assessment)
                .collectList().block(timeout);
        return resolve(all == null ? List.of() : all);
    }

    static Assessment assessment(Document d) {
        return new Assessment(d.getString("trace_id"), d.getString("assessment_id"), d.getString("name"),
                AssessmentSourceType.valueOf(d.getString("source")), d.getString("category"),
                instant(d, "logged_at"), d.getString("overrides"), Boolean.TRUE.equals(d.getBoolean("deleted")));
    }

    /** The pairs of these assessments, by the rules above. */
    public static List<JudgePair> resolve(Collection<Assessment> assessments) {
        Map<String, List<Assessment>> byTrace = new LinkedHashMap<>();
        assessments.forEach(a -> byTrace.computeIfAbsent(a.traceId(), k -> new ArrayList<>()).add(a));
        List<JudgePair> pairs = new ArrayList<>();
        Comparator<Assessment> latest = Comparator.comparing(Assessment::loggedAt,
                Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(Assessment::assessmentId);
        byTrace.forEach((trace, list) -> {
            Map<String, Assessment> byId = new LinkedHashMap<>();
            list.forEach(a -> byId.put(a.assessmentId(), a));
            Set<String> superseded = new HashSet<>();
            for (Assessment a : list) {
                Assessment target = a.overrides() == null ? null : byId.get(a.overrides());
                if (!a.deleted() && target != null && target.source() == a.source()) {
                    superseded.add(target.assessmentId());
                }
            }
            Map<String, Assessment[]> byName = new LinkedHashMap<>();
            for (Assessment a : list) {
                if (a.deleted() || superseded.contains(a.assessmentId()) || a.name() == null || a.loggedAt() == null) {
                    continue;
                }
                Assessment[] slots = byName.computeIfAbsent(a.name(), k -> new Assessment[2]);
                int slot = a.source() == AssessmentSourceType.HUMAN ? 0 : 1;
                if (slots[slot] == null || latest.compare(a, slots[slot]) > 0) {
                    slots[slot] = a;
                }
            }
            byName.forEach((name, slots) -> {
                Assessment human = slots[0];
                Assessment judge = slots[1];
                if (human != null && judge != null && human.category() != null && judge.category() != null) {
                    pairs.add(new JudgePair(name, trace, human.category(), human.loggedAt(), judge.category(),
                            judge.loggedAt()));
                }
            });
        });
        return pairs;
    }
}
