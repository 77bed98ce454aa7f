package dev.feedbackloop.trigger.lifecycle;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.common.ErrorCode;

/**
 * A command that the aggregate's current state does not allow (approving a rejected test case, completing a failed
 * run). It travels as {@link ErrorCode#WRONG_STATE}, which the API answers with 409 Conflict.
 */
public class LifecycleViolation extends BusinessRuleViolation {

    public LifecycleViolation(String message) {
        super(ErrorCode.WRONG_STATE, message);
    }

    public static BusinessRuleViolation invalid(String message) {
        return new BusinessRuleViolation(ErrorCode.VALIDATION_FAILED, message);
    }

    public static void require(boolean condition, String message) {
        if (!condition) {
            throw invalid(message);
        }
    }

    public static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
