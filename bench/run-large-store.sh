#!/usr/bin/env bash
# A large store: fills a fresh store with about EVENTS events through the platform's own doors (OTLP traces, one
# interaction event per trace, and FEEDBACK feedback in batches spread over 30 days), lets every processor catch up,
# then measures
#   - start-up: SIGTERM, start again, seconds until /actuator/health/readiness is UP and until every event processor
#     has passed a probe posted right after (RESTARTS times, median);
#   - a full rebuild: every read model reset at once, seconds until all of them hold the whole store again.
#
#   bench/run-large-store.sh                            # PostgreSQL, 1,000,000 events
#   EVENTS=200000 STORE=embedded bench/run-large-store.sh
#
# Settings (environment): STORE=postgres|embedded, EVENTS=1000000, FEEDBACK=50000, RESTARTS=3, REBUILD=1, PORT=18080,
# HEAP=1g, PLATFORM_JAVA_OPTS, PGHOST/PGPORT/PGUSER, STARTUP_TIMEOUT=300, KEEP_WORKDIR=1,
# LAUNCH=script (bin/platform: the extracted jar with the build's class-data archive) or LAUNCH=jar (java -jar).
# KEEP_STORE=1 keeps the filled store (database and data dir) and prints how to measure it again:
# REUSE_DB=<database> REUSE_DATA=<data dir> skips the fill and measures that store.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

STORE="${STORE:-postgres}"
EVENTS="${EVENTS:-1000000}"
FEEDBACK="${FEEDBACK:-50000}"
RESTARTS="${RESTARTS:-3}"
REBUILD="${REBUILD:-1}"
PORT="${PORT:-18080}"
HEAP="${HEAP:-1g}"
PLATFORM_JAVA_OPTS="${PLATFORM_JAVA_OPTS:-}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-300}"
LAUNCH="${LAUNCH:-script}"
JAR="$ROOT/platform-launcher/target/feedback-loop-platform.jar"
BASE="http://127.0.0.1:$PORT"

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

case "$STORE" in embedded|postgres) ;; *) die "STORE must be embedded or postgres, was '$STORE'";; esac
case "$LAUNCH" in script|jar) ;; *) die "LAUNCH must be script or jar, was '$LAUNCH'";; esac
for n in EVENTS FEEDBACK RESTARTS PORT; do [[ "${!n}" =~ ^[0-9]+$ ]] || die "$n must be a number"; done
[ "$EVENTS" -le 5000000 ] || die "EVENTS is at most 5,000,000"
for tool in java curl; do command -v "$tool" >/dev/null || die "$tool is required"; done
if [ "$STORE" = postgres ]; then command -v psql >/dev/null || die "psql is required for STORE=postgres"; fi
require_free_port "$PORT"
[ -f "$JAR" ] || die "$JAR is missing: build it first (mvn -q -B -DskipTests install)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/feedback-bench.XXXXXX")"
DATA="${REUSE_DATA:-$WORK/data}"
mkdir -p "$DATA"
PLATFORM_PID=""
DB_NAME=""
KEEP_STORE="${KEEP_STORE:-0}"

stop_platform() {
    [ -n "$PLATFORM_PID" ] || return 0
    kill -TERM "$PLATFORM_PID" 2>/dev/null || true
    for _ in $(seq 1 600); do kill -0 "$PLATFORM_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$PLATFORM_PID" 2>/dev/null; then
        log "platform did not stop within 60 s: killing it"
        kill -KILL "$PLATFORM_PID" 2>/dev/null || true
    fi
    wait "$PLATFORM_PID" 2>/dev/null || true
    PLATFORM_PID=""
}

cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    stop_platform
    if [ -n "$DB_NAME" ] && { [ "$KEEP_STORE" = 1 ] || [ -n "${REUSE_DB:-}" ]; }; then
        log "store kept: REUSE_DB=$DB_NAME REUSE_DATA=$DATA"
    elif [ -n "$DB_NAME" ]; then
        psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qAt \
            -c "drop database if exists $DB_NAME with (force)" >/dev/null || log "WARNING: could not drop $DB_NAME"
    fi
    if [ "${KEEP_WORKDIR:-0}" = 1 ] || [ "$KEEP_STORE" = 1 ] || [ "$rc" -ne 0 ]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

DB_ARGS=()
if [ "$STORE" = postgres ]; then
    if [ -n "${REUSE_DB:-}" ]; then
        DB_NAME="$REUSE_DB"
    else
        DB_NAME="bench_$(date +%s)_$RANDOM"
        psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qAt -v ON_ERROR_STOP=1 \
            -c "create database $DB_NAME" >/dev/null || { DB_NAME=""; die "cannot create the database"; }
    fi
    DB_ARGS=(--platform.database.url="jdbc:postgresql://$PGHOST:$PGPORT/$DB_NAME"
             --platform.database.username="$PGUSER")
fi

# Starts the platform; READY_AFTER holds the seconds until it was ready.
start_platform() {
    local started now
    started=$(date +%s.%N)
    if [ "$LAUNCH" = script ]; then
        JAVA_OPTS="-Xmx$HEAP $PLATFORM_JAVA_OPTS" "$ROOT/bin/platform" --server.port="$PORT" --server.address=127.0.0.1 \
            --platform.data-dir="$DATA" "${DB_ARGS[@]}" >>"$WORK/platform.log" 2>&1 &
    else
        # shellcheck disable=SC2086  # PLATFORM_JAVA_OPTS is a list of flags
        java -Xmx"$HEAP" -XX:ThreadPriorityPolicy=1 $PLATFORM_JAVA_OPTS -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 \
            --platform.data-dir="$DATA" "${DB_ARGS[@]}" >>"$WORK/platform.log" 2>&1 &
    fi
    PLATFORM_PID=$!
    until curl -fsS --max-time 2 "$BASE/actuator/health/readiness" 2>/dev/null | grep -q '"status":"UP"'; do
        kill -0 "$PLATFORM_PID" 2>/dev/null || { tail -n 40 "$WORK/platform.log" >&2; PLATFORM_PID=""; die "the platform exited during start-up"; }
        now=$(date +%s.%N)
        awk -v a="$started" -v b="$now" -v l="$STARTUP_TIMEOUT" 'BEGIN { exit !(b - a > l) }' \
            && { tail -n 40 "$WORK/platform.log" >&2; die "not ready after ${STARTUP_TIMEOUT}s"; }
        sleep 0.1
    done
    READY_AFTER="$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
}

head_position() {
    if [ "$STORE" = postgres ]; then
        psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB_NAME" -qAt -c "select coalesce(max(globalIndex), 0) from DomainEventEntry"
    else
        echo "${position:-?} (the last settled position; the H2 file is held by the platform)"
    fi
}

# The position every processor has passed, with the settle's own lines on stderr. (Not `tee /dev/stderr`: when
# stderr is a file, tee opens it anew and truncates it, which emptied the log of a run redirected to a file.)
settled_position() {
    local out
    out="$(bench settle)"
    printf '%s\n' "$out" >&2
    sed -n 's/.*passed position \([0-9]*\).*/\1/p' <<< "$out"
}

log "starting platform: store=$STORE heap=$HEAP data=$DATA"
start_platform
log "ready after $READY_AFTER s"
KEY_FILE="$DATA/dev-api-key"
[ -s "$KEY_FILE" ] || die "no development API key in $KEY_FILE"
CP_FILE="$WORK/classpath"
mvn -B -q -o -pl feedback-service dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null 2>&1 \
    || mvn -B -q -pl feedback-service dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null \
    || die "cannot resolve the classpath of the OTLP classes"
bench() { java -Xmx512m "$ROOT/bench/AnalysisBench.java" "$BASE" "$KEY_FILE" "$@"; }
# OTLP exports are answered once spooled and stored in the background: wait until the spool is empty (PostgreSQL;
# the embedded H2 file cannot be read while the platform holds it, so there the settle below has to do).
await_spool() {
    [ "$STORE" = postgres ] || return 0
    while [ "$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB_NAME" -qAt \
            -c 'select count(*) from otlp_export_spool' 2>/dev/null || echo 1)" != 0 ]; do sleep 1; done
}

fill_started=$(date +%s)
if [ -n "${REUSE_DATA:-}" ]; then FEEDBACK=0; fi
[ "$FEEDBACK" -eq 0 ] || log "filling: $FEEDBACK feedback over 30 days, then OTLP traces until about $EVENTS events"
[ "$FEEDBACK" -eq 0 ] || bench load "$FEEDBACK" 100000 30 >&2
# one interaction event per trace of 4 spans: about 128 events per export of 512 spans
position="$(settled_position)"
run=0
while [ "${position:-0}" -lt "$EVENTS" ]; do
    run=$(( run + 1 ))
    remaining=$(( EVENTS - position ))
    seconds=$(( remaining / 3000 + 5 )); [ "$seconds" -le 120 ] || seconds=120
    java -Xmx512m -cp "$(cat "$CP_FILE")" "$ROOT/bench/OtlpLoad.java" --url "$BASE" --key-file "$KEY_FILE" \
        --duration "${seconds}s" --warmup 0s --concurrency 4 --spans 512 \
        --first-sequence $(( run * 1000000 )) >/dev/null
    await_spool
    position="$(settled_position)"
done
log "filled in $(( $(date +%s) - fill_started )) s: head at $position"
DATA_SIZE="$(du -sh "$DATA" | cut -f1)"
[ "$STORE" = postgres ] || DATA_SIZE="$DATA_SIZE ($(cd "$DATA" && du -h ./*.mv* | sed 's|\./||' | awk '{ printf "%s%s %s", sep, $2, $1; sep = ", " }'))"
log "data dir after the fill: $DATA_SIZE"
DB_SIZE="n/a"
[ "$STORE" = postgres ] && DB_SIZE="$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB_NAME" -qAt -c "select pg_size_pretty(pg_database_size('$DB_NAME'))")"

READY=(); SETTLED=()
for i in $(seq 1 "$RESTARTS"); do
    stop_platform
    start_platform
    ready="$READY_AFTER"
    settled="$(bench settle | sed -n 's/.* after \([0-9.]*\) s/\1/p')"
    log "restart $i: ready after $ready s, every processor past a probe $settled s later"
    READY+=("$ready"); SETTLED+=("$settled")
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else print v[int((NR + 1) / 2)] }'; }

REBUILD_RESULT="not run (REBUILD=0)"
if [ "$REBUILD" = 1 ]; then
    log "rebuilding every read model at once"
    bench rebuild-all | tee "$WORK/rebuild.txt" >&2
    REBUILD_RESULT="$(grep '^rebuild of all' "$WORK/rebuild.txt")"
fi

{
    echo
    echo "================================================= large store benchmark"
    printf '%-20s %s\n' "store" "$STORE" "date" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
        "commit" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)" "machine" "$(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)" \
        "platform jvm" "-Xmx$HEAP $PLATFORM_JAVA_OPTS (LAUNCH=$LAUNCH)" "events" "$(head_position) (filled with $FEEDBACK feedback and OTLP traces)" \
        "size" "database $DB_SIZE, data dir $DATA_SIZE" \
        "ready after" "${READY[*]} s (median $(median "${READY[@]}") s)" \
        "then caught up" "${SETTLED[*]} s (median $(median "${SETTLED[@]}") s)" \
        "full rebuild" "$REBUILD_RESULT"
    echo "========================================================================="
} >&2
