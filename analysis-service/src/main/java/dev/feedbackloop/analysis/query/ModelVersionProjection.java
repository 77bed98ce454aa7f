package dev.feedbackloop.analysis.query;

import com.mongodb.client.model.Filters;
import dev.feedbackloop.analysis.limits.QueryDeadline;
import dev.feedbackloop.analysis.limits.QueryLimits;
import dev.feedbackloop.kernel.analysis.FindModelVersion;
import dev.feedbackloop.kernel.analysis.FindModelVersions;
import dev.feedbackloop.kernel.analysis.FindModels;
import dev.feedbackloop.kernel.analysis.ModelId;
import dev.feedbackloop.kernel.analysis.ModelVersionReleased;
import dev.feedbackloop.kernel.analysis.ModelVersionView;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.readmodel.SecondaryIndex;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Released model versions, one document per model and version (replaced as a whole, so applying an event twice
 * changes nothing), with a lookup of each model's versions.
 */
@Component
@ProcessingGroup(ModelVersionProjection.PROCESSING_GROUP)
public class ModelVersionProjection {

    public static final String PROCESSING_GROUP = "analysis-model-versions";
    public static final String COLLECTION = "model_versions";
    static final int MAX_PER_MODEL = 10_000;

    /** Newest release first; the later recorded (then the greater version) first among releases of one instant. */
    static final Comparator<ModelVersionView> NEWEST_FIRST =
            Comparator.comparing(ModelVersionView::releasedAt, Comparator.reverseOrder())
                    .thenComparing(ModelVersionView::recordedAt, Comparator.reverseOrder())
                    .thenComparing(ModelVersionView::version, Comparator.reverseOrder());

    private final ReadModelWriter writer;
    private final QueryLimits limits;
    private final SecondaryIndex byModel;

    public ModelVersionProjection(ReadModelWriter writer, QueryLimits limits) {
        this.writer = writer;
        this.limits = limits;
        this.byModel = new SecondaryIndex(writer, COLLECTION, "model");
    }

    @EventHandler
    void on(ModelVersionReleased e) {
        String id = documentId(e.modelId(), e.version());
        writer.put(COLLECTION, id, new Document()
                .append("model_id", e.modelId().value())
                .append("version", e.version())
                .append("released_at", Date.from(e.releasedAt()))
                .append("notes", e.notes())
                .append("recorded_at", Date.from(e.recordedAt())));
        byModel.add(e.modelId().value(), id);
    }

    @ResetHandler
    void reset() {
        writer.drop(COLLECTION, byModel.collectionName());
    }

    @QueryHandler
    public CompletableFuture<List<ModelVersionView>> handle(FindModelVersions query) {
        QueryDeadline reads = limits.start();
        return byModel.find(query.modelId().value(), MAX_PER_MODEL, reads::collection)
                .map(ModelVersionProjection::toView)
                .collectSortedList(NEWEST_FIRST)
                .toFuture();
    }

    @QueryHandler
    public CompletableFuture<ModelVersionView> handle(FindModelVersion query) {
        return Mono.from(limits.start().collection(COLLECTION)
                        .find(Filters.eq("_id", documentId(query.modelId(), query.version()))).first())
                .map(ModelVersionProjection::toView)
                .toFuture();
    }

    /** Releases are rare (a few per model and month), so one pass over all of them finds each model's newest. */
    @QueryHandler
    public CompletableFuture<List<ModelVersionView>> handle(FindModels query) {
        return Flux.from(limits.start().collection(COLLECTION).find())
                .map(ModelVersionProjection::toView)
                .collect(TreeMap<String, ModelVersionView>::new, (newest, v) ->
                        newest.merge(v.modelId(), v, (a, b) -> NEWEST_FIRST.compare(a, b) <= 0 ? a : b))
                .map(Map::values)
                .<List<ModelVersionView>>map(List::copyOf)
                .toFuture();
    }

    /** Neither part can hold a '/', so two different pairs never share an id. */
    static String documentId(ModelId model, String version) {
        return model.value() + "/" + version;
    }

    static ModelVersionView toView(Document d) {
        return new ModelVersionView(d.getString("model_id"), d.getString("version"),
                d.getDate("released_at").toInstant(), d.getString("notes"), d.getDate("recorded_at").toInstant());
    }
}
