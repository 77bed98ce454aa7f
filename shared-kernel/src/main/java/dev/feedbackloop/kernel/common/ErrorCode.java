package dev.feedbackloop.kernel.common;

/** Business errors every service may report; the web layer maps each to an HTTP status and a problem type. */
public enum ErrorCode {
    /** Input broke a validation rule; the problem names each field and rule. */
    VALIDATION_FAILED,
    /** A feedback_id was reused with other content. */
    FEEDBACK_ID_CONFLICT,
    /** The named feedback, trace or assessment does not exist. */
    NOT_FOUND,
    /** An assessment id was reused on the same trace with other content (a retry must send the same content). */
    ASSESSMENT_ID_CONFLICT,
    /** An assessment may only override a valid assessment of the same trace. */
    INVALID_OVERRIDE,
    /** The assessment was already deleted. */
    ASSESSMENT_ALREADY_DELETED,
    /** A model version was released again with another release time or other notes. */
    MODEL_VERSION_CONFLICT,
    /** The command is well formed but its subject's state does not allow it (re-prioritising a resolved ticket). */
    WRONG_STATE,
    /** The key may make the request, but not with what it asks for (a gate override needs the admin scope). */
    FORBIDDEN
}
