#!/usr/bin/env bash
# Minute slices benchmark: what the metrics projection's minute slices cost a back-fill on the embedded read-model
# store, against hours only and against one document per minute. Not a test; see MinuteSlicesBench.
#
#   bench/run-minute-slices.sh                  # 30,240 feedback (three weeks at 60 an hour), batches of 100
#   bench/run-minute-slices.sh 10000 10 100     # count, feedback per hour, batch size
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -ntp -q ${MAVEN_ARGS:-} -pl analysis-service -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
java -Xmx1g -cp "analysis-service/target/test-classes:analysis-service/target/classes:$(cat "$CP_FILE")" \
    dev.feedbackloop.analysis.metrics.MinuteSlicesBench "$@"
