package dev.feedbackloop.support.privacy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces contact data in free text before it is stored: e-mail addresses by {@code [email]}, phone numbers by
 * {@code [phone]} (7-15 digits, with the usual separators), card numbers (13-19 digits passing the Luhn check) by {@code [card]}. Which ones is configured
 * ({@code platform.privacy.redact}); none by default.
 */
public final class Redactor {

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){1,8}");
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])(?:\\d[ -]?){12,18}\\d(?![\\d-])");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+])\\+?\\(?\\d{1,4}\\)?(?:[ .-]?\\(?\\d{2,4}\\)?){2,5}(?![\\w])");

    private final boolean email;
    private final boolean phone;
    private final boolean card;

    public Redactor(List<String> kinds) {
        this.email = kinds.contains("email");
        this.phone = kinds.contains("phone");
        this.card = kinds.contains("card");
    }

    public boolean isActive() {
        return email || phone || card;
    }

    public String redact(String text) {
        if (text == null || !isActive()) {
            return text;
        }
        String out = text;
        if (email) {
            out = EMAIL.matcher(out).replaceAll("[email]");
        }
        if (card) {
            out = replace(CARD, out, m -> luhn(m.group()) ? "[card]" : m.group());
        }
        if (phone) {
            out = replace(PHONE, out, m -> {
                long digits = m.group().chars().filter(Character::isDigit).count();
                return digits >= 7 && digits <= 15 ? "[phone]" : m.group();   // E.164 numbers have at most 15 digits
            });
        }
        return out;
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
        Matcher m = pattern.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(with.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static boolean luhn(String candidate) {
        String digits = candidate.replaceAll("[^0-9]", "");
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
