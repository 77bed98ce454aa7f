package dev.feedbackloop.analysis.clustering;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A seeded generator of labelled failures: eight failure modes, each phrased through several templates whose slots
 * take synonyms, wrapped in generic complaint filler, with typos, spread over two or three intents each (shared with
 * other modes) and tools shared across modes; plus unrelated noise made of random generic complaint words.
 */
public final class SyntheticFailures {

    public static final int NOISE = -1;

    /** A failure and the mode it was generated from ({@link #NOISE} for noise). */
    public record Labelled(Failure failure, int mode) {
    }

    record Mode(String name, List<String> templates, List<String> corrections, List<String> reasons,
                List<String> intents, List<String> tools) {
    }

    private static final Pattern SLOT = Pattern.compile("\\{(\\w+)}");

    private static final java.util.Map<String, List<String>> SLOTS = java.util.Map.ofEntries(
            java.util.Map.entry("refund", List.of("refund", "refund", "reimbursement", "money back", "refund payment")),
            java.util.Map.entry("notProcessed", List.of("was never processed", "still hasn't been processed",
                    "is still pending", "never arrived", "has not come through", "is nowhere to be seen")),
            java.util.Map.entry("wasDone", List.of("was processed", "was issued", "went through", "was approved", "was sent")),
            java.util.Map.entry("item", List.of("shoes", "laptop", "jacket", "headphones", "blender", "phone case",
                    "sofa", "watch", "backpack", "camera")),
            java.util.Map.entry("ago", List.of("two weeks ago", "last month", "ten days ago", "a while ago", "in march")),
            java.util.Map.entry("agent", List.of("the bot", "your assistant", "the chatbot", "the agent", "the ai")),
            java.util.Map.entry("statusA", List.of("delivered", "shipped", "out for delivery", "dispatched", "on its way")),
            java.util.Map.entry("statusB", List.of("still in the warehouse", "not shipped yet", "lost in transit",
                    "was never dispatched", "stuck at customs", "still processing")),
            java.util.Map.entry("tracking", List.of("the tracking page", "tracking", "the courier website", "the carrier")),
            java.util.Map.entry("broken", List.of("is broken", "doesn't work", "has expired", "gives an error",
                    "leads to a 404 page", "says invalid token", "is dead")),
            java.util.Map.entry("email", List.of("email", "mail", "sms", "")),
            java.util.Map.entry("tried", List.of("tried", "attempted", "been trying")),
            java.util.Map.entry("times", List.of("three times", "five times", "twice", "several times", "many times")),
            java.util.Map.entry("policy", List.of("return policy", "warranty policy", "price match guarantee",
                    "cancellation policy", "loyalty discount", "refund policy")),
            java.util.Map.entry("invented", List.of("made up", "invented", "hallucinated", "fabricated", "quoted a fake")),
            java.util.Map.entry("days", List.of("60", "90", "45", "14", "100")),
            java.util.Map.entry("card", List.of("card", "credit card", "visa", "paypal payment", "debit card", "mastercard")),
            java.util.Map.entry("declined", List.of("declined", "failed", "rejected", "was refused", "got declined")),
            java.util.Map.entry("loop", List.of("over and over", "every single time", "again and again",
                    "in an endless loop", "on repeat")),
            java.util.Map.entry("retry", List.of("try again", "retry", "re-enter the card", "refresh the page")),
            java.util.Map.entry("changed", List.of("changed", "updated", "corrected", "edited", "fixed")),
            java.util.Map.entry("shipped", List.of("was shipped", "went", "got delivered", "was sent")),
            java.util.Map.entry("wasnt", List.of("wasn't", "never was", "is still the old one", "did not change")),
            java.util.Map.entry("cancelled", List.of("cancelled", "canceled", "ended", "terminated", "stopped")),
            java.util.Map.entry("charged", List.of("charged", "billed", "debited", "invoiced")),
            java.util.Map.entry("amount", List.of("$9.99", "$14.99", "twice", "the full year", "another month")),
            java.util.Map.entry("human", List.of("a human", "a real person", "a live agent", "customer service",
                    "a representative")),
            java.util.Map.entry("repeating", List.of("repeating the same answer", "giving me the same canned reply",
                    "sending the same faq link", "saying it cannot help", "looping the same message")),
            java.util.Map.entry("num", List.of("4711", "10293", "55812", "80017", "3321", "99120")),
            java.util.Map.entry("date", List.of("may 3", "june 12", "the 21st", "monday", "last friday")));

    static final List<Mode> MODES = List.of(
            new Mode("refund not processed", List.of(
                    "my {refund} {notProcessed}",
                    "i requested a {refund} for the {item} {ago} and it {notProcessed}",
                    "still no {refund} for my {item}, {agent} said it {wasDone}",
                    "where is my {refund}? it {notProcessed}",
                    "{agent} told me the {refund} {wasDone} but my bank shows nothing"),
                    List.of("refund for order {num} was only initiated on {date}",
                            "the refund had not been submitted to the payment provider"),
                    List.of("agent claimed the refund was processed without checking the payment status",
                            "refund status not verified"),
                    List.of("billing", "returns", "payments"), List.of("payments_api", "order_lookup", "crm_lookup")),
            new Mode("wrong order status", List.of(
                    "{agent} said my order was {statusA} but it is {statusB}",
                    "order status is wrong, {tracking} shows it {statusB}",
                    "{agent} gave me the wrong status for my {item} order",
                    "it says {statusA} but my {item} is {statusB}",
                    "told my package was {statusA}, {tracking} says {statusB}"),
                    List.of("order {num} is {statusB}", "the order status was out of date"),
                    List.of("order status came from a stale cache", "wrong order status reported"),
                    List.of("orders", "shipping"), List.of("order_lookup", "shipping_tracker")),
            new Mode("password reset link broken", List.of(
                    "the password reset link {broken}",
                    "i can't log in, the reset {email} link {broken}",
                    "{tried} resetting my password {times} and the link {broken}",
                    "password reset {email} arrives but the link {broken}",
                    "locked out of my account because the reset link {broken}"),
                    List.of("the reset link must be used within 15 minutes", "reset token was issued for the old email"),
                    List.of("reset token generated with the wrong expiry", "password reset flow broken"),
                    List.of("account", "support"), List.of("auth_service", "email_sender", "crm_lookup")),
            new Mode("agent hallucinated policy", List.of(
                    "{agent} {invented} a {policy} that doesn't exist",
                    "{agent} told me about a {days} day {policy} which is not real",
                    "{invented} {policy}, your website says something different",
                    "{agent} {invented} the {policy}, customer service confirmed it is false",
                    "was promised a {policy} by {agent} that you do not even have"),
                    List.of("our return window is 30 days, not {days}", "there is no such policy on our site"),
                    List.of("response not grounded in the knowledge base", "hallucinated policy"),
                    List.of("returns", "support", "billing"), List.of("kb_search", "policy_lookup", "crm_lookup")),
            new Mode("payment declined loop", List.of(
                    "my {card} keeps getting declined {loop}",
                    "payment {declined} {times} in a row, {agent} just asks me to {retry}",
                    "stuck in a loop: {card} {declined}, {retry}, {declined} again",
                    "cannot pay, checkout says payment {declined} {loop}",
                    "{agent} keeps telling me to {retry} but the {card} is {declined} {loop}"),
                    List.of("the decline code was insufficient 3-d secure, the agent should have said so",
                            "payment provider rejected the card for a billing address mismatch"),
                    List.of("agent retried payment without surfacing the decline code", "payment retry loop"),
                    List.of("payments", "billing", "orders"), List.of("payments_api", "checkout_service")),
            new Mode("shipping address not updated", List.of(
                    "i {changed} my shipping address but the order still goes to the old one",
                    "address change didn't save, my {item} {shipped} to my old address",
                    "{agent} said the delivery address was {changed} but it {wasnt}",
                    "new address not saved, package sent to the wrong address",
                    "asked {agent} to change the shipping address and the {item} {shipped} to the old address anyway"),
                    List.of("the address on order {num} is still the old address", "address update was never saved"),
                    List.of("address update call was not made", "shipping address not updated"),
                    List.of("shipping", "orders", "account"), List.of("order_lookup", "address_service", "crm_lookup")),
            new Mode("charged after cancellation", List.of(
                    "i {cancelled} my subscription but was {charged} again",
                    "{charged} {amount} after cancelling, {agent} said the subscription was {cancelled}",
                    "subscription {cancelled} {ago} and i am still getting {charged}",
                    "why was i {charged} when my membership was {cancelled} {ago}?"),
                    List.of("the subscription was still active until {date}", "the cancellation was never recorded"),
                    List.of("subscription cancellation not applied before renewal", "charged after cancellation"),
                    List.of("billing", "account", "payments"), List.of("subscription_service", "payments_api", "crm_lookup")),
            new Mode("no handoff to a human", List.of(
                    "i asked for {human} {times} and the bot kept {repeating}",
                    "no way to reach {human}, it keeps {repeating}",
                    "{agent} refused to transfer me to {human}",
                    "begged to talk to {human}, {agent} ignored it and kept {repeating}"),
                    List.of("the customer should have been handed off to a human", "escalation was requested twice"),
                    List.of("handoff request ignored", "escalation not triggered"),
                    List.of("support", "account"), List.of("handoff_service", "kb_search")));

    private static final List<String> FILLER = List.of("ugh", "seriously", "this is the third time", "please help",
            "terrible service", "very disappointed", "what a joke", "fix this", "not happy", "honestly",
            "i am so frustrated", "thanks for nothing", "come on", "unbelievable", "useless", "hello");

    private static final List<String> GENERIC = List.of("bad", "terrible", "slow", "useless", "annoying", "confusing",
            "unhelpful", "rude", "waste", "time", "experience", "worst", "disappointed", "frustrating", "wrong",
            "answer", "bot", "chat", "support", "help", "again", "nothing", "works", "poor", "quality", "service",
            "response", "understand", "question", "stupid", "nonsense", "fix", "issue", "problem", "horrible", "awful",
            "ridiculous", "unacceptable", "irrelevant", "generic", "lazy", "robotic", "repetitive", "pointless", "late",
            "long", "wait", "confused", "misleading", "vague", "incomplete", "app", "website", "customer", "never",
            "again", "hours", "minutes", "seriously", "joke", "disaster", "mess", "broken", "weird", "strange");

    private static final List<String> INTENTS = List.of("billing", "returns", "payments", "orders", "shipping",
            "account", "support");
    private static final List<String> TOOLS = List.of("payments_api", "order_lookup", "crm_lookup", "shipping_tracker",
            "auth_service", "email_sender", "kb_search", "policy_lookup", "checkout_service", "address_service",
            "subscription_service", "handoff_service");

    private final Random random;
    private final double typoRate;

    public SyntheticFailures(long seed) {
        this(seed, 0.04);
    }

    SyntheticFailures(long seed, double typoRate) {
        this.random = new Random(seed);
        this.typoRate = typoRate;
    }

    /**
     * {@code perMode} failures of each of the first {@code modes} modes (each count varied by up to +/- 20 %), plus
     * noise making up {@code noiseShare} of the total, shuffled, with ids {@code prefix-000000...} in shuffled
     * order and times spread uniformly over {@code span} from {@code from}.
     */
    public List<Labelled> generate(int modes, int perMode, double noiseShare, String prefix, Instant from, Duration span) {
        List<Labelled> out = new ArrayList<>();
        List<int[]> plan = new ArrayList<>();
        for (int m = 0; m < modes; m++) {
            int count = (int) Math.round(perMode * (0.8 + 0.4 * random.nextDouble()));
            for (int i = 0; i < count; i++) {
                plan.add(new int[]{m});
            }
        }
        int noise = (int) Math.round(plan.size() * noiseShare / (1 - noiseShare));
        for (int i = 0; i < noise; i++) {
            plan.add(new int[]{NOISE});
        }
        Collections.shuffle(plan, random);
        for (int i = 0; i < plan.size(); i++) {
            String id = String.format(Locale.ROOT, "%s-%06d", prefix, i);
            Instant at = from.plusMillis((long) (random.nextDouble() * span.toMillis()));
            int mode = plan.get(i)[0];
            out.add(new Labelled(mode == NOISE ? noise(id, at) : failure(MODES.get(mode), id, at), mode));
        }
        return out;
    }

    private Failure failure(Mode mode, String id, Instant at) {
        StringBuilder comment = new StringBuilder();
        if (random.nextDouble() < 0.4) {
            comment.append(pick(FILLER)).append(random.nextBoolean() ? ", " : ". ");
        }
        comment.append(fill(pick(mode.templates())));
        if (random.nextDouble() < 0.3) {
            comment.append(random.nextBoolean() ? ". " : "! ").append(pick(FILLER));
        }
        String correction = random.nextDouble() < 0.3 ? fill(pick(mode.corrections())) : null;
        List<String> reasons = random.nextDouble() < 0.3 ? List.of(pick(mode.reasons())) : List.of();
        String text = FailureText.compose(typos(comment.toString()), correction, reasons);
        List<String> tools = new ArrayList<>();
        tools.add(pick(mode.tools()));
        if (random.nextDouble() < 0.3) {
            tools.add(pick(TOOLS));
        }
        return Failure.ofText(id, at, text, pick(mode.intents()), tools.stream().distinct().toList());
    }

    private Failure noise(String id, Instant at) {
        int words = 3 + random.nextInt(8);
        List<String> parts = new ArrayList<>();
        for (int w = 0; w < words; w++) {
            parts.add(pick(GENERIC));
        }
        List<String> tools = random.nextBoolean() ? List.of(pick(TOOLS)) : List.of();
        return Failure.ofText(id, at, typos(String.join(" ", parts)), pick(INTENTS), tools);
    }

    private String fill(String template) {
        Matcher slot = SLOT.matcher(template);
        StringBuilder out = new StringBuilder();
        while (slot.find()) {
            slot.appendReplacement(out, Matcher.quoteReplacement(pick(SLOTS.get(slot.group(1)))));
        }
        slot.appendTail(out);
        return out.toString().replaceAll("\\s+", " ").trim();
    }

    private String typos(String text) {
        String[] words = text.split(" ");
        for (int w = 0; w < words.length; w++) {
            String word = words[w];
            if (word.length() > 3 && random.nextDouble() < typoRate) {
                int p = 1 + random.nextInt(word.length() - 2);
                words[w] = switch (random.nextInt(3)) {
                    case 0 -> word.substring(0, p) + word.charAt(p + 1) + word.charAt(p) + word.substring(p + 2);
                    case 1 -> word.substring(0, p) + word.substring(p + 1);
                    default -> word.substring(0, p) + word.charAt(p) + word.substring(p);
                };
            }
        }
        return String.join(" ", words);
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
