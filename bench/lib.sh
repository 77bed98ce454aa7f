# Shared by the benchmark scripts (sourced, not run).

# Progress and errors on stderr, tagged with BENCH_TAG (default "bench"); die stops the script.
log() { printf '[%s %s] %s\n' "${BENCH_TAG:-bench}" "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Never benchmark (or later stop) a process that is not ours: stops when something listens on 127.0.0.1:PORT.
#   require_free_port PORT [SETTING]   (SETTING names what to change in the message; PORT by default)
require_free_port() {
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
        die "something already listens on 127.0.0.1:$1; choose another ${2:-PORT}"
    fi
}

# A number field of a one-line JSON object: jget '{"a":1}' a -> 1
jget() { sed -n "s/.*\"$2\":\([^,}]*\).*/\1/p" <<<"$1"; }

# How long the read models took to hold everything written before now: posts one probe feedback, then reads the
# summary and the feedback view with the probe's consistency token (each read waits up to
# platform.consistency.max-wait, 5 s, then answers 503 and is asked again). Prints the seconds until both answered
# 200, e.g. "12.34 s", or why not. Gives up after LIMIT seconds.
#   caught_up_after BASE_URL API_KEY LIMIT
caught_up_after() {
    local base="$1" key="$2" limit="$3" start probe headers token now code1 code2
    start=$(date +%s.%N)
    probe="fb-catch-up-$RANDOM$RANDOM"
    headers="$(curl -s --max-time 30 -D - -o /dev/null -X POST "$base/api/v1/feedback" \
        -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
        -d "{\"feedback_id\":\"$probe\",\"trace_id\":\"tr-$probe\",\"timestamp\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"explicit_feedback\":{\"rating\":5},\"metadata\":{\"agent_id\":\"support-bot\"}}")"
    token="$(tr -d '\r' <<<"$headers" | awk -F': ' 'tolower($1)=="x-consistency-token" {print $2}')"
    if [ -z "$token" ]; then echo "n/a (the probe got no consistency token)"; return; fi
    while :; do
        code1="$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $key" \
            "$base/api/v1/analytics/summary?agent_id=support-bot&consistent_with=$token")"
        code2="$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $key" \
            "$base/api/v1/feedback/$probe?consistent_with=$token")"
        now=$(date +%s.%N)
        if [ "$code1" = 200 ] && [ "$code2" = 200 ]; then
            awk -v a="$start" -v b="$now" 'BEGIN { printf "%.2f s", b - a }'; return
        fi
        case "$code1 $code2" in 4*|*" "4*) echo "n/a (answers $code1, $code2)"; return ;; esac
        if awk -v a="$start" -v b="$now" -v l="$limit" 'BEGIN { exit !(b - a > l) }'; then
            echo "not within $limit s (last answers $code1, $code2)"; return
        fi
        case "$code1$code2" in *[!0-9]*|*000*) sleep 1 ;; esac
    done
}
