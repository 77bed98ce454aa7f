package dev.feedbackloop.analysis.clustering;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Labelled failures whose modes are written in many paraphrases that share few words ("pulled up someone else's
 * account", "showed another customer's orders", "opened the account of another person"), in three domains (banking
 * support, a coding assistant, travel booking), seven modes each. Each mode has eight to eleven hand-written
 * phrasings whose slots take synonyms, sometimes wrapped in filler, with a correction or failure reason worded
 * differently again, 3 % typos; intents and tools overlap between modes. Noise is built from a grammar of unrelated
 * remarks (praise, off-topic questions, vague complaints, one-off problems) so that it does not repeat a few phrases.
 */
public final class PhrasedFailures {

    public enum Domain { BANKING, CODING, TRAVEL }

    record Mode(String name, List<String> phrasings, List<String> intents, List<String> tools) {
    }

    private static final Pattern SLOT = Pattern.compile("\\{(\\w+)}");

    private static final Map<String, List<String>> SLOTS = Map.ofEntries(
            Map.entry("bot", List.of("the bot", "the assistant", "your chatbot", "the agent", "the ai", "the virtual assistant")),
            Map.entry("someone", List.of("someone else", "another customer", "a stranger", "a different person",
                    "some other client", "another user")),
            Map.entry("account", List.of("account", "profile", "banking details", "account page")),
            Map.entry("money", List.of("transfer", "payment", "wire", "bank transfer", "money")),
            Map.entry("recipient", List.of("my landlord", "my sister", "a supplier", "my friend", "my savings account")),
            Map.entry("days", List.of("three days ago", "last week", "on monday", "five days ago", "ages ago")),
            Map.entry("card", List.of("card", "debit card", "credit card", "visa card")),
            Map.entry("fee", List.of("fee", "charge", "commission", "penalty")),
            Map.entry("feeKind", List.of("overdraft", "foreign transaction", "account maintenance", "late payment", "atm")),
            Map.entry("human", List.of("a human", "a real person", "an actual agent", "a representative", "someone from staff")),
            Map.entry("code", List.of("verification code", "one-time password", "sms code", "security code", "2fa code")),
            Map.entry("statement", List.of("statement", "monthly statement", "account statement", "transaction history")),
            Map.entry("fn", List.of("parse_config()", "list.flatten()", "StringUtils.reverseWords", "df.to_markdown_table",
                    "Files.readJson", "requests.fetch", "Array.prototype.unique")),
            Map.entry("lib", List.of("pandas", "the requests library", "lodash", "spring", "numpy", "the standard library")),
            Map.entry("old", List.of("python 2", "java 8", "an old react class component style", "angularjs",
                    "a deprecated api", "jquery")),
            Map.entry("asked", List.of("asked for", "requested", "wanted", "specified", "clearly said")),
            Map.entry("modern", List.of("python 3.12", "java 17", "react hooks", "the current version", "typescript 5")),
            Map.entry("compileErr", List.of("a missing bracket", "undefined variables", "a type mismatch",
                    "an unclosed string", "wrong indentation", "a missing import")),
            Map.entry("small", List.of("one line", "a single function", "the variable name", "one typo", "a small bug")),
            Map.entry("file", List.of("file", "module", "class", "whole project", "codebase")),
            Map.entry("tests", List.of("tests", "unit tests", "test cases", "failing test", "integration tests")),
            Map.entry("secret", List.of("api key", "database password", "aws secret", "access token", "private key")),
            Map.entry("cmd", List.of("npm install", "the build", "the test suite", "the same command", "git pull")),
            Map.entry("dateA", List.of("the 4th", "march 12", "friday", "the 21st", "next tuesday")),
            Map.entry("dateB", List.of("the 14th", "march 21", "saturday", "the 12th", "next thursday")),
            Map.entry("trip", List.of("flight", "hotel", "train ticket", "rental car", "trip")),
            Map.entry("cityA", List.of("portland, oregon", "san jose, california", "birmingham uk", "paris",
                    "london heathrow", "sydney")),
            Map.entry("cityB", List.of("portland, maine", "san jose, costa rica", "birmingham alabama", "paris, texas",
                    "london, ontario", "sydney, nova scotia")),
            Map.entry("priceA", List.of("$312", "$89 a night", "€240", "$1,100", "£75")),
            Map.entry("priceB", List.of("$455", "$140 a night", "€390", "$1,600", "£120")),
            Map.entry("bag", List.of("checked bag", "suitcase", "luggage", "carry-on", "second bag")),
            Map.entry("name", List.of("name", "surname", "last name", "first name", "middle name")),
            Map.entry("doc", List.of("visa", "entry permit", "esta", "transit visa", "travel authorisation")),
            Map.entry("country", List.of("canada", "the us", "india", "australia", "turkey", "brazil")));

    private static final List<Mode> BANKING = List.of(
            new Mode("another customer's account shown", List.of(
                    "{bot} pulled up {someone}'s {account}",
                    "it showed me another customer's orders and balance",
                    "{bot} opened the account of another person instead of mine",
                    "i was looking at transactions that belong to {someone}",
                    "the statement it displayed had a stranger's name on it",
                    "it gave me details of a client who is not me",
                    "logged in and saw somebody else's balance, not my money",
                    "{bot} mixed me up with {someone} and read out their payments",
                    "privacy issue: i could see a different customer's personal data",
                    "wrong person's account came up when i asked about mine"),
                    List.of("account", "privacy", "balance"), List.of("crm_lookup", "account_service")),
            new Mode("card blocked without warning", List.of(
                    "my {card} was frozen and nobody told me",
                    "{card} got blocked for no reason",
                    "payment refused at the shop because you locked my {card}",
                    "cannot use my {card}, it was deactivated without any warning",
                    "you suspended my {card} and {bot} could not say why",
                    "woke up to a disabled {card}, no notification at all",
                    "the bank put a hold on my {card} and did not inform me",
                    "{card} stopped working suddenly, apparently it was cancelled by the bank"),
                    List.of("cards", "account", "payments"), List.of("card_service", "crm_lookup")),
            new Mode("transfer stuck pending", List.of(
                    "the {money} i sent {days} still has not arrived",
                    "my {money} to {recipient} is stuck in pending",
                    "money i sent to {recipient} never showed up",
                    "{money} shows as processing for days now",
                    "{bot} said the {money} went through but {recipient} got nothing",
                    "sent funds {days}, recipient still waiting",
                    "outgoing {money} has been on hold since {days}",
                    "where is my {money}? it left my account but never landed"),
                    List.of("payments", "transfers", "balance"), List.of("payments_api", "ledger")),
            new Mode("fee misinformation", List.of(
                    "{bot} said there is no {feeKind} {fee} but i was charged one",
                    "told me the {feeKind} {fee} was waived, then it appeared on my bill",
                    "{bot} quoted a {fee} that turned out to be wrong",
                    "was promised free {feeKind}, got billed anyway",
                    "the assistant gave incorrect information about the {feeKind} {fee}",
                    "it claimed my account has no monthly {fee}, that is false",
                    "i relied on the answer that {feeKind} costs nothing and paid a {fee}",
                    "wrong pricing info from {bot}, the {fee} is higher than it said"),
                    List.of("fees", "account", "cards"), List.of("pricing_kb", "crm_lookup")),
            new Mode("no handoff to a human", List.of(
                    "i asked for {human} and got nowhere",
                    "{bot} refused to transfer me to {human}",
                    "kept asking to speak with {human}, it just looped the same answer",
                    "no way to reach {human} through this chat",
                    "begged for {human}, {bot} ignored it",
                    "it would not escalate my problem to {human}",
                    "wanted to talk to {human} but it kept sending faq links",
                    "impossible to get past the bot to {human}"),
                    List.of("support", "account", "cards"), List.of("handoff_service", "faq_search")),
            new Mode("verification code not arriving", List.of(
                    "the {code} never arrives",
                    "can't sign in because no {code} is sent to my phone",
                    "waiting for the {code} for an hour, nothing",
                    "i requested a new {code} five times and got none",
                    "login is impossible, the {code} text message does not come through",
                    "{bot} says it sent the {code} but my phone receives nothing",
                    "locked out of online banking since the {code} doesn't show up",
                    "two factor authentication message is never delivered"),
                    List.of("login", "account", "security"), List.of("auth_service", "sms_gateway")),
            new Mode("statement download fails", List.of(
                    "can't download my {statement}, the pdf is empty",
                    "export of my {statement} gives an error",
                    "the {statement} file won't open after downloading",
                    "downloading the {statement} just spins forever",
                    "{bot} sent a link to my {statement} that is broken",
                    "tried to get my {statement} as csv, got a blank file",
                    "the {statement} pdf is corrupted every time",
                    "unable to save a copy of my {statement}, download fails"),
                    List.of("statements", "account", "balance"), List.of("document_service", "account_service")));

    private static final List<Mode> CODING = List.of(
            new Mode("invented api", List.of(
                    "it suggested {fn} which does not exist",
                    "the code calls a method that {lib} never had",
                    "{bot} made up a function, {fn} is not in {lib}",
                    "used an import that isn't real",
                    "hallucinated api: there is no such method in {lib}",
                    "the answer relies on a nonexistent helper {fn}",
                    "the function it recommended is fictional, my ide cannot find it",
                    "it invented a parameter that {lib} does not accept",
                    "attributeerror: the object has no attribute it told me to use"),
                    List.of("write_code", "explain_code", "debug"), List.of("code_search", "docs_lookup")),
            new Mode("outdated language version", List.of(
                    "i {asked} {modern} but got {old} code",
                    "the answer uses {old}, we are on {modern}",
                    "gave me syntax from {old} instead of {modern}",
                    "this is deprecated, written for {old}",
                    "the example is years out of date, it targets {old}",
                    "it ignored that my project runs {modern} and wrote {old}",
                    "old fashioned solution for {old}, doesn't match {modern}",
                    "please stop giving {old} answers when i use {modern}"),
                    List.of("write_code", "migrate", "explain_code"), List.of("docs_lookup", "code_search")),
            new Mode("code does not compile", List.of(
                    "the snippet does not compile because of {compileErr}",
                    "generated code has {compileErr} and fails to build",
                    "compiler error right away: {compileErr}",
                    "syntax error in the answer, {compileErr}",
                    "the code it produced won't even run, {compileErr}",
                    "build broke on its suggestion due to {compileErr}",
                    "could not compile what it wrote",
                    "parsing fails on line 3 of the generated code"),
                    List.of("write_code", "debug", "refactor"), List.of("compiler", "code_runner")),
            new Mode("rewrote far more than asked", List.of(
                    "i asked to change {small} and it rewrote the entire {file}",
                    "it refactored everything instead of the small fix",
                    "only wanted {small} fixed, it modified unrelated code",
                    "{bot} reformatted the whole {file} for a one line change",
                    "touched dozens of files when i asked about {small}",
                    "way too many changes, i requested {small} only",
                    "it replaced my whole {file} instead of editing {small}",
                    "the diff is huge for what should have been {small}"),
                    List.of("refactor", "write_code", "debug"), List.of("file_editor", "code_search")),
            new Mode("removed tests to pass", List.of(
                    "it deleted the {tests} to make the build green",
                    "{bot} removed my {tests} instead of fixing the bug",
                    "commented out the assertions so ci passes",
                    "the fix was to skip the {tests}, not acceptable",
                    "it disabled the {tests} that were failing",
                    "instead of repairing the code it weakened the {tests}",
                    "marked the {tests} as ignored to get a passing run",
                    "my test coverage dropped because it threw away {tests}"),
                    List.of("debug", "write_code", "refactor"), List.of("test_runner", "file_editor")),
            new Mode("secret put in code", List.of(
                    "it hardcoded my {secret} in the source",
                    "{bot} put the {secret} straight into the config file in git",
                    "the {secret} ended up committed to the repository",
                    "pasted my {secret} into a public file",
                    "it wrote the {secret} in plain text in the code",
                    "security problem: credentials embedded in the script it generated",
                    "it printed my {secret} to the logs",
                    "never store the {secret} in code, but that's what it did"),
                    List.of("write_code", "deploy", "refactor"), List.of("file_editor", "git_tool")),
            new Mode("stuck repeating a command", List.of(
                    "the agent kept running {cmd} forever",
                    "stuck retrying {cmd} in a loop",
                    "it ran {cmd} over and over without stopping",
                    "{bot} repeats {cmd} endlessly and never finishes",
                    "infinite loop: it executes {cmd} again and again",
                    "had to kill it after fifty runs of {cmd}",
                    "it keeps re-running {cmd} hoping it works",
                    "the session never ends, same step repeated every minute"),
                    List.of("debug", "deploy", "write_code"), List.of("shell", "test_runner")));

    private static final List<Mode> TRAVEL = List.of(
            new Mode("wrong dates booked", List.of(
                    "booked my {trip} for {dateB} instead of {dateA}",
                    "the reservation is on the wrong day",
                    "{bot} got the dates wrong, i said {dateA}",
                    "my {trip} dates are off by a week",
                    "asked for {dateA}, the confirmation says {dateB}",
                    "check-in date does not match what i requested",
                    "it reserved the {trip} one day early",
                    "departure is on {dateB}, i never asked for that date"),
                    List.of("book_flight", "book_hotel", "change_booking"), List.of("booking_api", "calendar")),
            new Mode("wrong destination", List.of(
                    "it booked {cityB} instead of {cityA}",
                    "i wanted {cityA}, the ticket is for {cityB}",
                    "sent me to the wrong city",
                    "{bot} picked the wrong airport for my {trip}",
                    "destination is completely wrong, {cityB} is not where i'm going",
                    "it confused {cityA} with {cityB}",
                    "my {trip} goes to a place with the same name in another country",
                    "the itinerary lands in the wrong town"),
                    List.of("book_flight", "search", "book_hotel"), List.of("booking_api", "geo_lookup")),
            new Mode("price rose at checkout", List.of(
                    "the price jumped at payment",
                    "quoted {priceA} then charged {priceB}",
                    "the total at checkout was much higher than shown",
                    "{bot} said {priceA} but the final price was {priceB}",
                    "hidden costs appeared when i went to pay",
                    "advertised fare was not what i paid",
                    "price changed between search and booking, {priceB} instead of {priceA}",
                    "the amount on my card is more than the quote"),
                    List.of("book_flight", "book_hotel", "payment"), List.of("pricing_api", "payments_api")),
            new Mode("cancellation not applied", List.of(
                    "i cancelled my {trip} but was still charged",
                    "cancellation didn't go through",
                    "{bot} confirmed the cancellation, yet the {trip} is still active",
                    "still billed for a {trip} i called off",
                    "asked to cancel, the booking remains on my account",
                    "my cancelled {trip} shows up as confirmed",
                    "no refund because the cancellation was never recorded",
                    "the {trip} was supposed to be cancelled, the hotel expected me anyway"),
                    List.of("cancel_booking", "change_booking", "payment"), List.of("booking_api", "payments_api")),
            new Mode("baggage allowance wrong", List.of(
                    "{bot} said a {bag} was included but it wasn't",
                    "wrong baggage allowance on my {trip}",
                    "told me the {bag} was free, i paid at the gate",
                    "the luggage information was incorrect",
                    "had to pay for my {bag} after being told it was covered",
                    "the fare did not include the {bag} despite what the chat said",
                    "incorrect weight limit given for the {bag}",
                    "charged extra at the airport for a {bag} the bot promised"),
                    List.of("book_flight", "faq", "change_booking"), List.of("fare_rules", "booking_api")),
            new Mode("passenger name wrong", List.of(
                    "my {name} is misspelled on the ticket",
                    "the ticket has the wrong {name}",
                    "passenger name doesn't match my passport",
                    "{bot} typed my {name} incorrectly",
                    "the booking swapped my first and last names",
                    "the airline says the {name} on the reservation is not mine",
                    "letters missing from my {name} on the boarding pass",
                    "it booked under a misspelled {name}, now i can't check in"),
                    List.of("book_flight", "change_booking", "check_in"), List.of("booking_api", "profile_service")),
            new Mode("entry requirements wrong", List.of(
                    "told me no {doc} was needed for {country} and i was denied boarding",
                    "wrong entry requirements for {country}",
                    "{bot} said my passport was fine, it wasn't valid long enough",
                    "the assistant forgot to mention the {doc} for {country}",
                    "turned away at the border because of bad advice about the {doc}",
                    "incorrect information about travel documents for {country}",
                    "it claimed {country} does not require a {doc}, that's wrong",
                    "missed my flight since nobody told me i needed a {doc}"),
                    List.of("faq", "book_flight", "check_in"), List.of("travel_rules", "faq_search")));

    private static final Map<Domain, List<Mode>> MODES = Map.of(Domain.BANKING, BANKING, Domain.CODING, CODING,
            Domain.TRAVEL, TRAVEL);

    private static final Map<Domain, List<String>> INTENTS = Map.of(
            Domain.BANKING, List.of("account", "privacy", "balance", "cards", "payments", "transfers", "fees", "support",
                    "login", "security", "statements"),
            Domain.CODING, List.of("write_code", "explain_code", "debug", "migrate", "refactor", "deploy"),
            Domain.TRAVEL, List.of("book_flight", "book_hotel", "change_booking", "search", "payment", "cancel_booking",
                    "faq", "check_in"));
    private static final Map<Domain, List<String>> TOOLS = Map.of(
            Domain.BANKING, List.of("crm_lookup", "account_service", "card_service", "payments_api", "ledger",
                    "pricing_kb", "handoff_service", "faq_search", "auth_service", "sms_gateway", "document_service"),
            Domain.CODING, List.of("code_search", "docs_lookup", "compiler", "code_runner", "file_editor",
                    "test_runner", "git_tool", "shell"),
            Domain.TRAVEL, List.of("booking_api", "calendar", "geo_lookup", "pricing_api", "payments_api", "fare_rules",
                    "profile_service", "travel_rules", "faq_search"));

    private static final List<String> FILLER = List.of("ugh", "seriously", "please help", "not happy",
            "this is the second time", "honestly", "very disappointing", "come on", "fix this please", "hello",
            "thanks for nothing", "i am frustrated");

    private static final List<String> NOISE_OPEN = List.of("", "", "", "hmm, ", "well, ", "just saying: ", "fyi ",
            "ok so ", "meh. ", "to be honest ");
    private static final List<String> NOISE_REMARKS = List.of(
            "the answer was too long to read", "why is the font so small on mobile", "can you speak spanish",
            "the reply took a minute to appear", "i just wanted to say hi", "not what i asked but whatever",
            "the dark mode looks weird", "your logo changed and i don't like it", "it answered in a very formal tone",
            "too many emojis in the reply", "i clicked the wrong button", "the page scrolled to the top by itself",
            "could be friendlier", "it used british spelling", "the chat window covers the menu",
            "my cat walked on the keyboard", "is there an app for ipad", "the weather widget is wrong",
            "it kept saying great question", "i prefer the old design", "the music on hold is awful",
            "it did not understand my joke", "the survey popped up too early", "why do you need my email for this",
            "the answer had a broken markdown table", "links open in the same tab", "the reply was cut off midway",
            "asked about the opening hours of the branch in lyon", "it recommended a restaurant i did not ask about",
            "the notification sound is annoying", "response was generic and vague", "nothing useful in that reply",
            "didn't like the answer", "could not find the settings page", "it gave me a recipe for pancakes",
            "the translation into german was clumsy", "my question about the stock market got a lecture",
            "wrong time zone in the greeting", "it called me by my nickname", "the captcha is impossible to read",
            "the voice assistant mispronounced my street", "chat history disappeared after refresh",
            "the help article is from 2019", "it answered a different question", "the tone felt condescending",
            "bad experience overall", "it was slow this morning", "i expected more", "the faq did not cover my case",
            "keyboard shortcuts don't work in the chat", "too many follow up questions", "where is the feedback form",
            "it asked me to rate it three times", "the avatar is creepy", "it repeated my question back to me",
            "printing the conversation breaks the layout", "i wanted a shorter summary", "the colors are hard to see",
            "it suggested a podcast", "the loading spinner never stops on firefox");
    private static final List<String> NOISE_CLOSE = List.of("", "", "", " though", " i guess", ", whatever",
            ", annoying", " again", ". anyway", ", just feedback");

    private final Domain domain;
    private final Random random;
    private final double typoRate;

    public PhrasedFailures(Domain domain, long seed) {
        this.domain = domain;
        this.random = new Random(seed * 31 + domain.ordinal());
        this.typoRate = 0.03;
    }

    public int modeCount() {
        return MODES.get(domain).size();
    }

    /** A mode's name, for reports. */
    public String modeName(int mode) {
        return MODES.get(domain).get(mode).name();
    }

    /**
     * About {@code perMode} failures of each mode (each count varied by up to +/- 20 %), plus noise making up
     * {@code noiseShare} of the total, shuffled, ids {@code prefix-000000...} in shuffled order, times spread over
     * {@code span} from {@code from}.
     */
    public List<SyntheticFailures.Labelled> generate(int perMode, double noiseShare, String prefix, Instant from,
                                                     Duration span) {
        List<Mode> modes = MODES.get(domain);
        List<Integer> plan = new ArrayList<>();
        for (int m = 0; m < modes.size(); m++) {
            int count = (int) Math.round(perMode * (0.8 + 0.4 * random.nextDouble()));
            for (int i = 0; i < count; i++) {
                plan.add(m);
            }
        }
        int noise = (int) Math.round(plan.size() * noiseShare / (1 - noiseShare));
        for (int i = 0; i < noise; i++) {
            plan.add(SyntheticFailures.NOISE);
        }
        Collections.shuffle(plan, random);
        List<SyntheticFailures.Labelled> out = new ArrayList<>(plan.size());
        for (int i = 0; i < plan.size(); i++) {
            String id = String.format(Locale.ROOT, "%s-%06d", prefix, i);
            Instant at = from.plusMillis((long) (random.nextDouble() * span.toMillis()));
            int mode = plan.get(i);
            out.add(new SyntheticFailures.Labelled(mode == SyntheticFailures.NOISE ? noise(id, at)
                    : failure(modes.get(mode), id, at), mode));
        }
        return out;
    }

    private Failure failure(Mode mode, String id, Instant at) {
        StringBuilder comment = new StringBuilder();
        if (random.nextDouble() < 0.3) {
            comment.append(pick(FILLER)).append(random.nextBoolean() ? ", " : ". ");
        }
        comment.append(fill(pick(mode.phrasings())));
        if (random.nextDouble() < 0.2) {
            comment.append(random.nextBoolean() ? ". " : "! ").append(pick(FILLER));
        }
        String correction = null;
        if (random.nextDouble() < 0.2) {
            List<String> others = new ArrayList<>(mode.phrasings());
            correction = "in short: " + fill(pick(others));
        }
        String text = FailureText.compose(typos(comment.toString()), correction, List.of());
        List<String> tools = new ArrayList<>();
        tools.add(pick(mode.tools()));
        if (random.nextDouble() < 0.3) {
            tools.add(pick(TOOLS.get(domain)));
        }
        return Failure.ofText(id, at, text, pick(mode.intents()), tools.stream().distinct().toList());
    }

    private Failure noise(String id, Instant at) {
        String text = pick(NOISE_OPEN) + pick(NOISE_REMARKS) + pick(NOISE_CLOSE);
        if (random.nextDouble() < 0.25) {
            text = text + ". " + pick(NOISE_REMARKS);
        }
        List<String> tools = random.nextBoolean() ? List.of(pick(TOOLS.get(domain))) : List.of();
        return Failure.ofText(id, at, typos(text), pick(INTENTS.get(domain)), tools);
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
