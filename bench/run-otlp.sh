#!/usr/bin/env bash
# OTLP intake benchmark: starts the all-in-one platform (every projection running) on a fresh store and sends
# OTLP/HTTP protobuf export requests of 512 spans (bench/OtlpLoad.java) to /v1/traces, then waits for the
# operational metrics to hold every interaction and reports how long that took.
#
#   bench/run-otlp.sh                                   # PostgreSQL, 60 s at full speed with 4 senders
#   RATE=5000 bench/run-otlp.sh                         # paced at 5,000 spans/s in all
#   STORE=embedded DURATION=20s bench/run-otlp.sh
#
# Settings (environment): STORE=postgres|embedded, PORT=18080, DURATION=60s, WARMUP=90s, CONCURRENCY=4,
# SPANS=512 (per request), RATE=0 (spans/s in all; 0 = as fast as answered), HEAP=1g, PLATFORM_JAVA_OPTS,
# PGHOST/PGPORT/PGUSER, STARTUP_TIMEOUT=180, KEEP_WORKDIR=1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

STORE="${STORE:-postgres}"
PORT="${PORT:-18080}"
HEAP="${HEAP:-1g}"
PLATFORM_JAVA_OPTS="${PLATFORM_JAVA_OPTS:-}"
DURATION="${DURATION:-60s}"
# sent, not counted: on 2 cores the JIT compiler takes about half the CPU for the first minute of load
# (docs/benchmarks.md); WARMUP=10s measures that minute
WARMUP="${WARMUP:-90s}"
CONCURRENCY="${CONCURRENCY:-4}"
SPANS="${SPANS:-512}"
RATE="${RATE:-0}"
GEN_JAVA_OPTS="${GEN_JAVA_OPTS:--Xmx512m}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-180}"
JAR="$ROOT/platform-launcher/target/feedback-loop-platform.jar"

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

case "$STORE" in embedded|postgres) ;; *) die "STORE must be embedded or postgres, was '$STORE'";; esac
[[ "$PORT" =~ ^[0-9]+$ ]] || die "PORT must be a number"
for tool in java curl jstat; do command -v "$tool" >/dev/null || die "$tool is required"; done
if [ "$STORE" = postgres ]; then command -v psql >/dev/null || die "psql is required for STORE=postgres"; fi

require_free_port "$PORT"

if [ ! -f "$JAR" ]; then
    log "platform jar missing: building (mvn -q -B -DskipTests install)"
    mvn -q -B -DskipTests install
    [ -f "$JAR" ] || die "build finished but $JAR is still missing"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/feedback-bench.XXXXXX")"
DATA="$WORK/data"
mkdir -p "$DATA"
PLATFORM_PID=""
SAMPLER_PID=""
DB_NAME=""

cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    if [ -n "$SAMPLER_PID" ] && kill -0 "$SAMPLER_PID" 2>/dev/null; then
        kill "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null
    fi
    if [ -n "$PLATFORM_PID" ] && kill -0 "$PLATFORM_PID" 2>/dev/null; then
        log "stopping platform (pid $PLATFORM_PID)"
        kill -TERM "$PLATFORM_PID" 2>/dev/null
        for _ in $(seq 1 40); do kill -0 "$PLATFORM_PID" 2>/dev/null || break; sleep 1; done
        if kill -0 "$PLATFORM_PID" 2>/dev/null; then
            log "platform did not stop within 40 s: killing it"
            kill -KILL "$PLATFORM_PID" 2>/dev/null
        fi
        wait "$PLATFORM_PID" 2>/dev/null
    fi
    if [ -n "$DB_NAME" ]; then
        log "dropping database $DB_NAME"
        psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qAt -v ON_ERROR_STOP=1 \
            -c "drop database if exists $DB_NAME with (force)" >/dev/null \
            || log "WARNING: could not drop database $DB_NAME"
    fi
    if [ "${KEEP_WORKDIR:-0}" = 1 ] || [ "$rc" -ne 0 ]; then
        log "work dir kept: $WORK (platform.log, heap-*.txt, *.json)"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

DB_ARGS=()
if [ "$STORE" = postgres ]; then
    DB_NAME="bench_$(date +%s)_$RANDOM"
    log "creating database $DB_NAME on $PGHOST:$PGPORT"
    psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qAt -v ON_ERROR_STOP=1 \
        -c "create database $DB_NAME" >/dev/null || { DB_NAME=""; die "cannot create the database"; }
    DB_ARGS=(--platform.database.url="jdbc:postgresql://$PGHOST:$PGPORT/$DB_NAME"
             --platform.database.username="$PGUSER")
fi

log "starting platform: store=$STORE port=$PORT heap=$HEAP data=$DATA"
# shellcheck disable=SC2086  # PLATFORM_JAVA_OPTS is a list of flags
java -Xmx"$HEAP" -XX:ThreadPriorityPolicy=1 $PLATFORM_JAVA_OPTS -jar "$JAR" \
    --server.port="$PORT" --server.address=127.0.0.1 --platform.data-dir="$DATA" "${DB_ARGS[@]}" \
    >"$WORK/platform.log" 2>&1 &
PLATFORM_PID=$!

started=$(date +%s)
until curl -fsS --max-time 2 "http://127.0.0.1:$PORT/actuator/health/readiness" 2>/dev/null | grep -q '"status":"UP"'; do
    if ! kill -0 "$PLATFORM_PID" 2>/dev/null; then
        tail -n 40 "$WORK/platform.log" >&2
        PLATFORM_PID=""
        die "the platform exited during start-up (log above)"
    fi
    if [ $(( $(date +%s) - started )) -ge "$STARTUP_TIMEOUT" ]; then
        tail -n 40 "$WORK/platform.log" >&2
        die "the platform was not ready after ${STARTUP_TIMEOUT}s"
    fi
    sleep 1
done
log "platform ready after $(( $(date +%s) - started ))s (pid $PLATFORM_PID)"

KEY_FILE="$DATA/dev-api-key"
[ -s "$KEY_FILE" ] || die "no development API key in $KEY_FILE"

CP_FILE="$WORK/classpath"
mvn -B -q -o -pl feedback-service dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null 2>&1 \
    || mvn -B -q -pl feedback-service dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null \
    || die "cannot resolve the classpath of the OTLP classes"

log "load: concurrency $CONCURRENCY, $SPANS spans per request, rate ${RATE} spans/s (0 = closed loop), $DURATION after $WARMUP"
jstat -gc "$PLATFORM_PID" 1000 >"$WORK/heap.txt" 2>/dev/null &
SAMPLER_PID=$!
# shellcheck disable=SC2086
java $GEN_JAVA_OPTS -cp "$(cat "$CP_FILE")" "$ROOT/bench/OtlpLoad.java" --url "http://127.0.0.1:$PORT" \
    --key-file "$KEY_FILE" --duration "$DURATION" --warmup "$WARMUP" --concurrency "$CONCURRENCY" --spans "$SPANS" \
    --rate "$RATE" >"$WORK/load.json"
sent_done=$(date +%s)
RESULT="$(tail -n 1 "$WORK/load.json")"

# the projections catch up: the interactions counted in the metrics stop growing
summary() {
    curl -fsS --max-time 30 -H "Authorization: Bearer $(cat "$KEY_FILE")" \
        "http://127.0.0.1:$PORT/api/v1/analytics/operations/summary?start=$(date -u -d '-2 hours' +%Y-%m-%dT%H:%M:%SZ)&end=$(date -u -d '+10 minutes' +%Y-%m-%dT%H:%M:%SZ)" \
        | sed -n 's/.*"metrics":{"requests":\([0-9]*\).*/\1/p'
}
last=-1; stable=0
for _ in $(seq 1 600); do
    n="$(summary || echo 0)"
    if [ "$n" = "$last" ]; then stable=$((stable + 1)); else stable=0; fi
    last="$n"
    [ "$stable" -ge 3 ] && break
    sleep 1
done
caught_up=$(( $(date +%s) - sent_done - 3 ))
kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""
PEAK="$(awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
         NF > 0 && $1 ~ /^[0-9.]+$/ { u = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]; if (u > max) max = u }
         END { printf "%.0f MiB", max / 1024 }' "$WORK/heap.txt")"
{
    echo
    echo "==================================================== OTLP intake benchmark"
    printf '%-18s %s\n' "store" "$STORE" "date" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
        "commit" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)" "nproc" "$(nproc)" \
        "platform jvm" "-Xmx$HEAP $PLATFORM_JAVA_OPTS" "result" "$RESULT" \
        "interactions" "$last counted in the metrics (last 2 h)" \
        "metrics caught up" "~${caught_up}s after the last export answered" "peak heap used" "$PEAK"
    echo "========================================================================="
} >&2
echo "$RESULT"
