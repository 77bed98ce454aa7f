package dev.feedbackloop.trigger.work;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.common.ErrorCode;

/**
 * A command that is well formed but does not fit the state its subject is in, such as re-prioritising a resolved
 * ticket. It travels as {@link ErrorCode#WRONG_STATE}, which the API answers with 409.
 */
public class WrongState extends BusinessRuleViolation {

    public WrongState(String message) {
        super(ErrorCode.WRONG_STATE, message);
    }

    public static BusinessRuleViolation notFound(String what, String id) {
        return new BusinessRuleViolation(ErrorCode.NOT_FOUND, "There is no " + what + " '" + id + "'");
    }

    public static BusinessRuleViolation invalid(String message) {
        return new BusinessRuleViolation(ErrorCode.VALIDATION_FAILED, message);
    }
}
