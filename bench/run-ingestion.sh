#!/usr/bin/env bash
# Ingestion benchmark: starts the all-in-one platform on a fresh store, runs bench/LoadGenerator.java in single
# mode and then in batch mode, samples the platform's heap every second and prints a summary.
#
#   bench/run-ingestion.sh                                   # embedded store, 60 s single + 30 s batch
#   STORE=postgres bench/run-ingestion.sh                    # fresh database on 127.0.0.1:5432 (user postgres)
#   DURATION=8s BATCH_DURATION=5s WARMUP=2s LATER_WARMUP=2s bench/run-ingestion.sh   # short smoke run
#
# Settings (environment):
#   STORE=embedded|postgres    store under test (default embedded)
#   PORT=18080                 platform port (must be free)
#   DURATION=60s               single-mode measured duration     BATCH_DURATION=30s  batch-mode duration
#   WARMUP=60s                 warm-up before the first phase (sent, not counted): on 2 cores the JIT compiler
#                              takes a quarter of the CPU for the first minute or two, and throughput climbs from
#                              about 70 to 250/s meanwhile (docs/benchmarks.md); shorter warm-ups measure that climb
#   LATER_WARMUP=10s           warm-up before each later phase (the JIT is warm by then)
#   CONCURRENCY=32             single-mode workers               BATCH_CONCURRENCY=4 batch-mode workers
#   RATE=0                     single mode paced at RATE feedback/s (open loop, latency from each request's
#                              scheduled time); 0 = closed loop, as fast as answered
#   BATCH_RATE=0               batch mode paced at BATCH_RATE requests/s; 0 = closed loop
#   FRESHNESS=5                probes/s during each phase: the newest acknowledged feedback is read back with its
#                              consistency token (feedback view and summary), acknowledgement to answer; 0 = off
#   BATCH_SIZE=500             feedback per batch request        NDJSON=0|1          batch as NDJSON
#   PHASES="single batch"      which phases to run
#   HEAP=512m                  platform -Xmx                     PLATFORM_JAVA_OPTS  extra JVM flags
#   GEN_JAVA_OPTS              generator JVM flags (default -Xmx256m -XX:+UseSerialGC)
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres               (STORE=postgres, trust auth)
#   STARTUP_TIMEOUT=180        seconds to wait for readiness
#   RESULTS_FILE               if set, the generator's JSON lines (plus context) are appended there
#   KEEP_WORKDIR=1             keep the temp dir (platform log, heap samples) instead of deleting it
#   CATCH_UP_LIMIT=300         after each phase, how long to wait for the read models to hold every accepted feedback
#   REBUILD=1                  after the phases, reset the analysis read models one by one and time each replay
#                              to the head of the event store (bench/AnalysisBench.java rebuild)
#   DATA_FROM=dir              start on a copy of this data directory (a kept work dir's data/) instead of an
#                              empty one, e.g. PHASES= REBUILD=1 DATA_FROM=/tmp/feedback-bench.x/data
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

STORE="${STORE:-embedded}"
PORT="${PORT:-18080}"
DURATION="${DURATION:-60s}"
BATCH_DURATION="${BATCH_DURATION:-30s}"
WARMUP="${WARMUP:-60s}"
LATER_WARMUP="${LATER_WARMUP:-10s}"
CONCURRENCY="${CONCURRENCY:-32}"
RATE="${RATE:-0}"
BATCH_RATE="${BATCH_RATE:-0}"
FRESHNESS="${FRESHNESS:-5}"
BATCH_CONCURRENCY="${BATCH_CONCURRENCY:-4}"
BATCH_SIZE="${BATCH_SIZE:-500}"
NDJSON="${NDJSON:-0}"
PHASES="${PHASES-single batch}"
HEAP="${HEAP:-512m}"
PLATFORM_JAVA_OPTS="${PLATFORM_JAVA_OPTS:-}"
GEN_JAVA_OPTS="${GEN_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-180}"
JAR="$ROOT/platform-launcher/target/feedback-loop-platform.jar"

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
if [ -n "${DATA_FROM:-}" ]; then
    [ -d "$DATA_FROM" ] || die "DATA_FROM=$DATA_FROM is not a directory"
    cp -r "$DATA_FROM" "$DATA"
else
    mkdir -p "$DATA"
fi
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

# Samples the platform heap once a second (jstat -gc: used = S0U+S1U+EU+OU, in KiB) until killed.
start_sampler() {
    jstat -gc "$PLATFORM_PID" 1000 >"$1" 2>/dev/null &
    SAMPLER_PID=$!
}
stop_sampler() {
    if [ -n "$SAMPLER_PID" ]; then
        kill "$SAMPLER_PID" 2>/dev/null || true
        wait "$SAMPLER_PID" 2>/dev/null || true
        SAMPLER_PID=""
    fi
}
peak_heap_mib() {
    awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
         NF > 0 && $1 ~ /^[0-9.]+$/ { u = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]; if (u > max) max = u; n++ }
         END { if (n) printf "%.0f MiB (%d samples)", max / 1024, n; else printf "n/a" }' "$1"
}
jerrors() { sed -n 's/.*"errors":\({[^}]*}\).*/\1/p' <<<"$1"; }

# Read models behind at the end of a phase: caught_up_after (bench/lib.sh), from the end of the load.
declare -A RESULT HEAP_PEAK CAUGHT_UP WARMED
phase_warmup="$WARMUP"
for phase in $PHASES; do
    case "$phase" in
        single) args=(--mode single --duration "$DURATION" --concurrency "$CONCURRENCY" --rate "$RATE") ;;
        batch)  args=(--mode batch --duration "$BATCH_DURATION" --concurrency "$BATCH_CONCURRENCY" --batch-size "$BATCH_SIZE" --rate "$BATCH_RATE")
                if [ "$NDJSON" = 1 ]; then args+=(--ndjson); fi ;;
        *) die "unknown phase '$phase' (single or batch)" ;;
    esac
    WARMED[$phase]="$phase_warmup"
    args+=(--freshness "$FRESHNESS")
    log "phase $phase: ${args[*]} --warmup $phase_warmup"
    start_sampler "$WORK/heap-$phase.txt"
    set +e
    # shellcheck disable=SC2086
    java $GEN_JAVA_OPTS "$ROOT/bench/LoadGenerator.java" --url "http://127.0.0.1:$PORT" --key-file "$KEY_FILE" \
        --warmup "$phase_warmup" "${args[@]}" >"$WORK/$phase.json"
    gen_rc=$?
    set -e
    stop_sampler
    [ "$gen_rc" -le 1 ] || die "load generator failed (exit $gen_rc)"
    kill -0 "$PLATFORM_PID" 2>/dev/null || { tail -n 40 "$WORK/platform.log" >&2; PLATFORM_PID=""; die "the platform died during the $phase phase"; }
    RESULT[$phase]="$(tail -n 1 "$WORK/$phase.json")"
    CAUGHT_UP[$phase]="$(caught_up_after "http://127.0.0.1:$PORT" "$(cat "$KEY_FILE")" "${CATCH_UP_LIMIT:-300}")"
    HEAP_PEAK[$phase]="$(peak_heap_mib "$WORK/heap-$phase.txt")"
    phase_warmup="$LATER_WARMUP"
done

REBUILT=""
if [ "${REBUILD:-0}" = 1 ]; then
    log "rebuild: resetting each analysis read model and timing its replay"
    REBUILT="$(java "$ROOT/bench/AnalysisBench.java" "http://127.0.0.1:$PORT" "$KEY_FILE" rebuild 0 1)" \
        || die "the rebuild benchmark failed"
fi

VMHWM="$(awk '/VmHWM/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$PLATFORM_PID/status" 2>/dev/null || true)"
# shellcheck disable=SC2086
GC_NAME="$(java -Xmx"$HEAP" $PLATFORM_JAVA_OPTS -XX:+PrintFlagsFinal -version 2>/dev/null \
    | awk '$2 ~ /^Use(Serial|Parallel|G1|Z|Shenandoah|Epsilon)GC$/ && $4 == "true" { sub(/^Use/, "", $2); print $2; exit }' || true)"
CPU_MODEL="$(lscpu 2>/dev/null | grep 'Model name' | head -n 1 | sed 's/.*Model name:[[:space:]]*//')"
JAVA_VERSION="$(java -version 2>&1 | head -n 1)"
NOW="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
DIRTY="$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo ' (uncommitted changes)' || true)"

{
    echo
    echo "==================================================== ingestion benchmark"
    printf '%-16s %s\n' "store" "$STORE"
    printf '%-16s %s\n' "date" "$NOW"
    printf '%-16s %s\n' "commit" "$COMMIT$DIRTY"
    printf '%-16s %s\n' "nproc" "$(nproc)"
    printf '%-16s %s\n' "cpu" "$CPU_MODEL"
    printf '%-16s %s\n' "java" "$JAVA_VERSION"
    printf '%-16s %s\n' "platform jvm" "-Xmx$HEAP ${GC_NAME:+($GC_NAME)} $PLATFORM_JAVA_OPTS"
    printf '%-16s %s\n' "note" "generator and platform share the same machine/cores"
    for phase in $PHASES; do
        r="${RESULT[$phase]}"
        echo "---- mode $phase: concurrency $(jget "$r" concurrency), batch size $(jget "$r" batch_size), warm-up ${WARMED[$phase]}, window $(jget "$r" window_s) s"
        printf '%-16s %s req/s, %s feedback/s\n' "throughput" "$(jget "$r" requests_per_s)" "$(jget "$r" feedback_per_s)"
        printf '%-16s p50 %s  p95 %s  p99 %s  max %s\n' "latency ms" \
            "$(jget "$r" p50_ms)" "$(jget "$r" p95_ms)" "$(jget "$r" p99_ms)" "$(jget "$r" max_ms)"
        if [ -n "$(jget "$r" target_rate)" ]; then
            printf '%-16s %s req/s asked (latency counted from the schedule)\n' "paced" "$(jget "$r" target_rate)"
        fi
        if [ -n "$(jget "$r" freshness_samples)" ]; then
            printf '%-16s p50 %s  p95 %s  p99 %s  max %s ms, %s probes, %s not read back within 60 s\n' "freshness" \
                "$(jget "$r" freshness_p50_ms)" "$(jget "$r" freshness_p95_ms)" "$(jget "$r" freshness_p99_ms)" \
                "$(jget "$r" freshness_max_ms)" "$(jget "$r" freshness_samples)" "$(jget "$r" freshness_missed)"
            printf '%-16s %s\n' "" "(during the load: acknowledged write to its read-back in the feedback view and the summary)"
        fi
        printf '%-16s %s requests, %s feedback stored, %s rejected\n' "volume" \
            "$(jget "$r" requests)" "$(jget "$r" feedback_stored)" "$(jget "$r" feedback_rejected)"
        printf '%-16s %s %s\n' "errors" "$(jget "$r" error_count)" "$(jerrors "$r")"
        printf '%-16s %s\n' "peak heap used" "${HEAP_PEAK[$phase]} (jstat -gc, 1 s samples)"
        printf '%-16s %s\n' "read models" "caught up ${CAUGHT_UP[$phase]} after the load (summary and feedback view)"
    done
    if [ -n "$REBUILT" ]; then
        echo "---- rebuild (events in the store: $(sed -n 's/.*: \([0-9]*\) events.*/\1/p' <<<"$REBUILT" | head -n 1))"
        echo "$REBUILT"
    fi
    printf '%-16s %s\n' "peak RSS" "${VMHWM:-n/a} (VmHWM, whole run)"
    echo "========================================================================="
} >&2

for phase in $PHASES; do
    echo "${RESULT[$phase]}"
done
if [ -n "${RESULTS_FILE:-}" ]; then
    for phase in $PHASES; do
        printf '{"date":"%s","store":"%s","commit":"%s","nproc":%s,"cpu":"%s","heap_max":"%s","peak_heap":"%s","result":%s}\n' \
            "$NOW" "$STORE" "$COMMIT" "$(nproc)" "$CPU_MODEL" "$HEAP" "${HEAP_PEAK[$phase]}" "${RESULT[$phase]}" >>"$RESULTS_FILE"
    done
    log "results appended to $RESULTS_FILE"
fi
