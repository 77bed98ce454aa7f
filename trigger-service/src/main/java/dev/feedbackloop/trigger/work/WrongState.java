package dev.feedbackloop.trigger.work;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.common.ErrorCode;

/**
 * A command that is well formed but does not fit the state its subject is in, such as re-prioritising a resolved
 * ticket. The shared error codes have no state conflict, so it travels as {@link ErrorCode#VALIDATION_FAILED}; the
 * trigger API answers it with 409 (see {@link WorkApi#send}).
 */
public class WrongState extends BusinessRuleViolation {

    public WrongState(String message) {
        super(ErrorCode.VALIDATION_FAILED, message);
    }

    public static BusinessRuleViolation notFound(String what, String id) {
        return new BusinessRuleViolation(ErrorCode.NOT_FOUND, "There is no " + what + " '" + id + "'");
    }

    public static BusinessRuleViolation invalid(String message) {
        return new BusinessRuleViolation(ErrorCode.VALIDATION_FAILED, message);
    }
}
