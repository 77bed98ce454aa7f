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
    public static final String INCIDENT = "incident:";
    public static final String ALERT = "alert:";
    public static final String TICKET = "ticket:";
    public static final String TEST_CASE = "test-case:";
    public static final String EVALUATION_RUN = "evaluation-run:";
    public static final String PIPELINE_RUN = "pipeline-run:";
    public static final String IMPROVEMENT_CYCLE = "improvement-cycle:";
    public static final String EVALUATION_DATASET = "evaluation-dataset:";
    public static final String JUDGE_AGREEMENT = "judge-agreement:";
    public static final String INTERACTION = "interaction:";
    public static final String DATA_SUBJECT = "data-subject:";
    public static final String VERSION_APPROVAL = "version-approval:";
    public static final String RELEASE = "release:";
    public static final List<String> NAMESPACES = List.of(TRACE, MODEL, AGENT_MONITOR, FAILURE_CLUSTER, WEBHOOK,
            INCIDENT, ALERT, TICKET, TEST_CASE, EVALUATION_RUN, PIPELINE_RUN, IMPROVEMENT_CYCLE, EVALUATION_DATASET,
            JUDGE_AGREEMENT, INTERACTION, DATA_SUBJECT, VERSION_APPROVAL, RELEASE);

    private Streams() {
    }

    public static String trace(Object traceId) {
        return TRACE + traceId;
    }

    public static String release(String releaseId) {
        return RELEASE + releaseId;
    }

    public static String dataSubject(String subject) {
        return DATA_SUBJECT + subject;
    }

    public static String interaction(Object traceId) {
        return INTERACTION + traceId;
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

    public static String incident(String incidentId) {
        return INCIDENT + incidentId;
    }

    public static String alert(String alertId) {
        return ALERT + alertId;
    }

    public static String ticket(String ticketId) {
        return TICKET + ticketId;
    }

    public static String testCase(String testCaseId) {
        return TEST_CASE + testCaseId;
    }

    public static String evaluationRun(String runId) {
        return EVALUATION_RUN + runId;
    }

    public static String pipelineRun(String runId) {
        return PIPELINE_RUN + runId;
    }

    public static String improvementCycle(String cycleId) {
        return IMPROVEMENT_CYCLE + cycleId;
    }

    public static String evaluationDataset(String datasetId) {
        return EVALUATION_DATASET + datasetId;
    }

    public static String judgeAgreement(String assessmentName) {
        return JUDGE_AGREEMENT + assessmentName;
    }

    /** Parts hold no '/' (see the gate kernel's ApprovalKey), so the id names one approval only. */
    public static String versionApproval(String environment, String agentId, String version) {
        return VERSION_APPROVAL + environment + "/" + agentId + "/" + version;
    }

    /** Whether a feedback id would fall into another aggregate's namespace. */
    public static boolean isNamespaced(String id) {
        return NAMESPACES.stream().anyMatch(id::startsWith);
    }
}
