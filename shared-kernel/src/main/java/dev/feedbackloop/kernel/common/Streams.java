package dev.feedbackloop.kernel.common;

import java.util.List;

/**
 * Event streams are keyed by aggregate identifier alone, and ids here are chosen by users: a trace, a model or an
 * agent may well be named like a feedback. Every aggregate but the feedback itself therefore keeps its stream under a
 * namespace, and a feedback id may not start with one.
 */
public final class Streams {

    public static final String TRACE = "trace:";
    public static final String MODEL = "model:";
    public static final String AGENT_MONITOR = "agent-monitor:";
    public static final String FAILURE_CLUSTER = "failure-cluster:";
    public static final String WEBHOOK = "webhook:";
    public static final List<String> NAMESPACES = List.of(TRACE, MODEL, AGENT_MONITOR, FAILURE_CLUSTER, WEBHOOK);

    private Streams() {
    }

    public static String trace(Object traceId) {
        return TRACE + traceId;
    }

    public static String model(Object modelId) {
        return MODEL + modelId;
    }

    public static String agentMonitor(String agentId) {
        return AGENT_MONITOR + agentId;
    }

    public static String failureCluster(String clusterId) {
        return FAILURE_CLUSTER + clusterId;
    }

    public static String webhook(String webhookId) {
        return WEBHOOK + webhookId;
    }

    /** Whether a feedback id would fall into another aggregate's namespace. */
    public static boolean isNamespaced(String id) {
        return NAMESPACES.stream().anyMatch(id::startsWith);
    }
}
