package dev.feedbackloop.support.aggregate;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.common.ErrorCode;

/**
 * A command that is well formed but does not fit the state its aggregate is in, such as re-prioritising a resolved
 * ticket or approving a rejected test case. It travels as {@link ErrorCode#WRONG_STATE}, which the API answers with
 * 409. The helpers give the other answers a command handler needs: NOT_FOUND (404) and VALIDATION_FAILED (400).
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

    /** A command value that breaks a rule is VALIDATION_FAILED. */
    public static void require(boolean condition, String message) {
        if (!condition) {
            throw invalid(message);
        }
    }

    public static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
