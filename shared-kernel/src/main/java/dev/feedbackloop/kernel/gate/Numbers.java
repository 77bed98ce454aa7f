package dev.feedbackloop.kernel.gate;

import java.math.BigDecimal;

/** Numbers as people write them in gate files and messages: no exponent, no trailing zeros. */
public final class Numbers {

    private Numbers() {
    }

    public static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
