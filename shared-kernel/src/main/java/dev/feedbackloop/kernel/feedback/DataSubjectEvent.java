package dev.feedbackloop.kernel.feedback;

/** Events about a data subject (a user, named by a keyed hash of their id): the audit trail of erasures. */
public sealed interface DataSubjectEvent permits PersonalDataErased {
    String subject();
}
