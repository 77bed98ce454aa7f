package dev.feedbackloop.analysis.operations;

import dev.feedbackloop.kernel.metrics.DistinctCounter;
import dev.feedbackloop.kernel.metrics.InteractionOutcomes;
import dev.feedbackloop.support.readmodel.StoredKeys;
import org.bson.Document;
import org.bson.types.Binary;

import java.util.Locale;

/**
 * The interactions of one series (agent version and intent) in one slice, or any sum of them: the kernel's fold
 * ({@link InteractionOutcomes}) and the distinct users ({@link DistinctCounter}), as one stored document:
 * {@code c} the counters, {@code h} the latency histogram's bins, {@code e} errors by type, {@code u} the users.
 */
public final class Outcomes {

    private final InteractionOutcomes outcomes;
    private final DistinctCounter users;

    public Outcomes() {
        this(new InteractionOutcomes(), new DistinctCounter());
    }

    private Outcomes(InteractionOutcomes outcomes, DistinctCounter users) {
        this.outcomes = outcomes;
        this.users = users;
    }

    public InteractionOutcomes outcomes() {
        return outcomes;
    }

    public DistinctCounter users() {
        return users;
    }

    public Outcomes add(Outcomes other) {
        outcomes.add(other.outcomes);
        users.add(other.users);
        return this;
    }

    static Outcomes read(Document stored) {
        Outcomes out = new Outcomes();
        if (stored == null) {
            return out;
        }
        Document counters = stored.get("c", Document.class);
        if (counters != null) {
            counters.forEach((name, n) -> out.outcomes.add(
                    InteractionOutcomes.Counter.valueOf(name.toUpperCase(Locale.ROOT)), ((Number) n).longValue()));
        }
        Document bins = stored.get("h", Document.class);
        if (bins != null) {
            bins.forEach((bin, n) -> out.outcomes.latency().addBin(Integer.parseInt(bin), ((Number) n).longValue()));
        }
        Document errors = stored.get("e", Document.class);
        if (errors != null) {
            errors.forEach((type, n) -> out.outcomes.addErrorType(StoredKeys.decode(type), ((Number) n).longValue()));
        }
        if (stored.get("u") instanceof Binary users) {
            out.users.add(DistinctCounter.fromBytes(users.getData()));
        }
        return out;
    }

    /** Writes these outcomes into {@code into} (replacing what it held of them). */
    Document write(Document into) {
        Document counters = new Document();
        outcomes.counters().forEach((counter, n) -> counters.put(counter.name().toLowerCase(Locale.ROOT), n));
        Document bins = new Document();
        outcomes.latency().forEachBin((bin, n) -> bins.put(Integer.toString(bin), n));
        Document errors = new Document();
        outcomes.errorTypes().forEach((type, n) -> errors.put(StoredKeys.encode(type), n));
        into.put("c", counters);
        into.put("h", bins);
        into.put("e", errors);
        into.put("u", new Binary(users.toBytes()));
        return into;
    }
}
