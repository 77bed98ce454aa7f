package dev.feedbackloop.feedback.web;

import dev.feedbackloop.kernel.feedback.AssessmentView;
import dev.feedbackloop.kernel.feedback.FeedbackView;

import java.util.LinkedHashMap;
import java.util.Map;

/** The wire shape of stored feedback and assessments: the specification's field names, as they were posted. */
final class FeedbackJson {

    private FeedbackJson() {
    }

    static Map<String, Object> feedback(FeedbackView f) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("feedback_id", f.feedbackId());
        out.put("trace_id", f.traceId());
        out.put("timestamp", f.timestamp() == null ? null : f.timestamp().toString());
        out.put("user_id", f.userId());
        out.put("session_id", f.sessionId());
        if (f.explicitFeedback() != null) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("rating", f.explicitFeedback().rating());
            x.put("thumbs", f.explicitFeedback().thumbs() == null ? null : f.explicitFeedback().thumbs().wireName());
            x.put("comment", f.explicitFeedback().comment());
            x.put("correction", f.explicitFeedback().correction());
            out.put("explicit_feedback", x);
        }
        if (f.implicitSignals() != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("task_completed", f.implicitSignals().taskCompleted());
            s.put("follow_up_required", f.implicitSignals().followUpRequired());
            s.put("time_to_completion_ms", f.implicitSignals().timeToCompletionMs());
            s.put("retry_count", f.implicitSignals().retryCount());
            s.put("escalated_to_human", f.implicitSignals().escalatedToHuman());
            out.put("implicit_signals", s);
        }
        Map<String, Object> m = new LinkedHashMap<>(f.metadata().attributes());
        m.put("agent_id", f.metadata().agentId());
        m.put("agent_version", f.metadata().agentVersion());
        m.put("intent_category", f.metadata().intentCategory());
        m.put("tools_used", f.metadata().toolsUsed());
        if (!f.metadata().inputFeatures().isEmpty()) {
            m.put("input_features", f.metadata().inputFeatures());
        }
        out.put("metadata", m);
        out.put("received_at", f.receivedAt() == null ? null : f.receivedAt().toString());
        return out;
    }

    /** MLflow 3's assessment field names. */
    static Map<String, Object> assessment(AssessmentView a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("assessment_id", a.assessmentId());
        out.put("trace_id", a.traceId());
        out.put("assessment_name", a.assessmentName());
        out.put("value", a.value());
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("source_type", a.source().sourceType().name());
        source.put("source_id", a.source().sourceId());
        out.put("source", source);
        out.put("rationale", a.rationale());
        out.put("metadata", a.metadata());
        out.put("overrides", a.overrides());
        out.put("overridden_by", a.overriddenBy());
        out.put("valid", a.valid());
        out.put("deleted", a.deleted());
        out.put("create_time", a.createTime() == null ? null : a.createTime().toString());
        out.put("delete_time", a.deleteTime() == null ? null : a.deleteTime().toString());
        return out;
    }
}
