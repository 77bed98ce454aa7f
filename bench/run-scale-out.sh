#!/usr/bin/env bash
# Scale-out benchmark: for each instance count, starts that many all-in-one platform instances on one fresh
# PostgreSQL database and one MongoDB (the first instance's embedded server, which the others reach over the wire, as
# ScaleOutTest does), waits until they have split every processor's segments, drives every instance at once with
# bench/LoadGenerator.java (the workers divided between them), then measures how long the read models took to hold
# every accepted feedback (a probe's consistency token, read back through the first instance).
#
#   bench/run-scale-out.sh                               # 1, 2 and 4 instances, 4 segments, 30 s of batches of 500
#   COUNTS="1 2" MODE=single DURATION=30s bench/run-scale-out.sh
#
# Settings (environment):
#   COUNTS="1 2 4"        instance counts to measure, each on a fresh database
#   SEGMENTS=4            segments per processor (every count must divide it)
#   MODE=batch|single     batch: BATCH_SIZE feedback per request; single: one per request
#   CONCURRENCY           workers in all, divided between the instances (default 4 for batch, 32 for single)
#   BATCH_SIZE=500  DURATION=30s  WARMUP=30s  HEAP=512m (per instance)  BASE_PORT=18180
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres (trust auth)   CATCH_UP_LIMIT=400   KEEP_WORKDIR=1
#
# The instances share this machine's cores with each other and with the load generators: on a small machine the
# figures show how the work is split and what each instance costs, not a speed-up.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

COUNTS="${COUNTS:-1 2 4}"
SEGMENTS="${SEGMENTS:-4}"
MODE="${MODE:-batch}"
BATCH_SIZE="${BATCH_SIZE:-500}"
DURATION="${DURATION:-30s}"
WARMUP="${WARMUP:-30s}"
HEAP="${HEAP:-512m}"
BASE_PORT="${BASE_PORT:-18180}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
CATCH_UP_LIMIT="${CATCH_UP_LIMIT:-400}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-180}"
GEN_JAVA_OPTS="${GEN_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}"
JAR="$ROOT/platform-launcher/target/feedback-loop-platform.jar"
case "$MODE" in
    batch) CONCURRENCY="${CONCURRENCY:-4}" ;;
    single) CONCURRENCY="${CONCURRENCY:-32}" ;;
    *) echo "MODE must be batch or single, was '$MODE'" >&2; exit 1 ;;
esac

BENCH_TAG=scale-out

for tool in java curl psql python3; do command -v "$tool" >/dev/null || die "$tool is required"; done
[ -f "$JAR" ] || die "$JAR is missing: build first (mvn -q -B -DskipTests install)"
[[ "$SEGMENTS" =~ ^[0-9]+$ ]] || die "SEGMENTS must be a number"
for n in $COUNTS; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] && [ $((SEGMENTS % n)) -eq 0 ] || die "every count must divide SEGMENTS=$SEGMENTS, '$n' does not"
    [ $((CONCURRENCY % n)) -eq 0 ] || die "every count must divide CONCURRENCY=$CONCURRENCY, '$n' does not"
    for i in $(seq 0 $((n - 1))); do
        require_free_port "$((BASE_PORT + i))" BASE_PORT
    done
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/feedback-scale-out.XXXXXX")"
SECRET="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
KEY_FILE="$WORK/api-key"
printf '%s' "$SECRET" >"$KEY_FILE"
SECRETS_KEY="$(head -c 32 /dev/urandom | base64)"
PIDS=()
DB_NAME=""

stop_instances() {
    local pid
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
        pid="${PIDS[$i]}"
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    PIDS=()
    if [ -n "$DB_NAME" ]; then
        psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qAt -c "drop database if exists $DB_NAME with (force)" \
            >/dev/null || log "WARNING: could not drop database $DB_NAME"
        DB_NAME=""
    fi
}
cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    stop_instances
    if [ "${KEEP_WORKDIR:-0}" = 1 ] || [ "$rc" -ne 0 ]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_ready() {
    local port="$1" pid="$2" logf="$3" started
    started=$(date +%s)
    until curl -fsS --max-time 2 "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null | grep -q '"status":"UP"'; do
        kill -0 "$pid" 2>/dev/null || { tail -n 40 "$logf" >&2; die "instance on $port exited during start-up"; }
        [ $(( $(date +%s) - started )) -lt "$STARTUP_TIMEOUT" ] || die "instance on $port not ready after ${STARTUP_TIMEOUT}s"
        sleep 1
    done
}

# How many segments of the feedback view instance $1 works on.
segments_held() {
    curl -fsS --max-time 10 -H "Authorization: Bearer $SECRET" "http://127.0.0.1:$1/api/v1/admin/projections" \
        | python3 -c 'import json,sys; print(sum(len(p["segments"]) for p in json.load(sys.stdin) if p["name"] == "feedback-view"))'
}

BATCH_SIZE_NOTE=""
[ "$MODE" = single ] || BATCH_SIZE_NOTE=", batches of $BATCH_SIZE"
ROWS=()
for n in $COUNTS; do
    DB_NAME="scale_$(date +%s)_$RANDOM"
    psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qAt -v ON_ERROR_STOP=1 -c "create database $DB_NAME" >/dev/null \
        || { DB_NAME=""; die "cannot create the database"; }
    common=(--server.address=127.0.0.1
            --platform.database.url="jdbc:postgresql://$PGHOST:$PGPORT/$DB_NAME" --platform.database.username="$PGUSER"
            --platform.processing.segments="$SEGMENTS" --platform.processing.max-claimed-segments=$((SEGMENTS / n)))
    mongo=""
    for i in $(seq 0 $((n - 1))); do
        port=$((BASE_PORT + i))
        dir="$WORK/$n-instances/instance-$i"
        mkdir -p "$dir"
        extra=()
        [ -z "$mongo" ] || extra=(--platform.mongo.uri="$mongo")
        log "$n instance(s): starting instance $i on port $port"
        PLATFORM_SECURITY_API_KEYS="bench=feedback:write,analytics:read,triggers:manage,admin=$SECRET" \
            PLATFORM_SECRETS_KEY="$SECRETS_KEY" \
            java -Xmx"$HEAP" -XX:ThreadPriorityPolicy=1 -jar "$JAR" --server.port="$port" --platform.data-dir="$dir/data" "${common[@]}" "${extra[@]}" \
            >"$dir/platform.log" 2>&1 &
        PIDS+=($!)
        wait_ready "$port" "${PIDS[$i]}" "$dir/platform.log"
        if [ -z "$mongo" ]; then
            mongo="mongodb://$(sed -n 's/.*embedded MongoDB-compatible server on \/\{0,1\}\([0-9.]*:[0-9]*\).*/\1/p' "$dir/platform.log" | head -n 1)"
            [ "$mongo" != "mongodb://" ] || die "the first instance announced no embedded MongoDB server"
        fi
    done
    log "$n instance(s): waiting until each holds $((SEGMENTS / n)) segment(s) of every processor"
    started=$(date +%s)
    for i in $(seq 0 $((n - 1))); do
        until [ "$(segments_held $((BASE_PORT + i)) 2>/dev/null || echo 0)" -ge $((SEGMENTS / n)) ]; do
            [ $(( $(date +%s) - started )) -lt 120 ] || die "instance $i did not claim its segments within 120 s"
            sleep 2
        done
    done
    log "$n instance(s): load, $MODE, $CONCURRENCY workers in all, $WARMUP warm-up then $DURATION"
    gens=()
    for i in $(seq 0 $((n - 1))); do
        args=(--mode "$MODE" --concurrency $((CONCURRENCY / n)) --duration "$DURATION" --warmup "$WARMUP" --quiet)
        [ "$MODE" = single ] || args+=(--batch-size "$BATCH_SIZE")
        # shellcheck disable=SC2086
        java $GEN_JAVA_OPTS "$ROOT/bench/LoadGenerator.java" --url "http://127.0.0.1:$((BASE_PORT + i))" \
            --key-file "$KEY_FILE" "${args[@]}" >"$WORK/$n-instances/load-$i.json" 2>"$WORK/$n-instances/load-$i.log" &
        gens+=($!)
    done
    for g in "${gens[@]}"; do wait "$g" || [ $? -le 1 ] || die "a load generator failed (see $WORK/$n-instances)"; done
    caught="$(caught_up_after "http://127.0.0.1:$BASE_PORT" "$SECRET" "$CATCH_UP_LIMIT")"
    total=0; per=""; p99=""; errors=0; stored=0
    for i in $(seq 0 $((n - 1))); do
        r="$(tail -n 1 "$WORK/$n-instances/load-$i.json")"
        total="$(awk -v a="$total" -v b="$(jget "$r" feedback_per_s)" 'BEGIN { printf "%.0f", a + b }')"
        per="$per${per:+ / }$(awk -v b="$(jget "$r" feedback_per_s)" 'BEGIN { printf "%.0f", b }')"
        p99="$p99${p99:+ / }$(awk -v b="$(jget "$r" p99_ms)" 'BEGIN { printf "%.0f", b }')"
        errors=$((errors + $(jget "$r" error_count)))
        stored=$((stored + $(jget "$r" feedback_stored)))
    done
    rss=0
    for pid in "${PIDS[@]}"; do
        rss=$((rss + $(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$pid/status" 2>/dev/null || echo 0)))
    done
    ROWS+=("$(printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s MiB |' "$n" "$((SEGMENTS / n))" "$total" "$per" "$p99" \
        "$errors" "$stored" "$caught" "$rss")")
    log "$n instance(s): $total feedback/s ($per), p99 ms $p99, errors $errors, read models caught up $caught s after"
    stop_instances
done

{
    echo
    echo "==================================================== scale-out benchmark"
    printf '%-14s %s\n' "date" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf '%-14s %s\n' "commit" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    printf '%-14s %s\n' "nproc" "$(nproc)"
    printf '%-14s %s\n' "cpu" "$(lscpu 2>/dev/null | grep 'Model name' | head -n 1 | sed 's/.*Model name:[[:space:]]*//')"
    printf '%-14s %s\n' "load" "$MODE, $CONCURRENCY workers in all${BATCH_SIZE_NOTE}, $WARMUP warm-up, $DURATION measured"
    printf '%-14s %s\n' "note" "instances, generators and PostgreSQL share the same cores"
    echo "| instances | segments each | feedback/s in all | per instance | p99 ms per instance | errors | stored in the window | read models caught up after | peak RSS in all |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    printf '%s\n' "${ROWS[@]}"
    echo "========================================================================="
}
