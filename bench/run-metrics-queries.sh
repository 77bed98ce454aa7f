#!/usr/bin/env bash
# Metrics query benchmark: folds N generated feedback (default 1,000,000 over 30 days) into the projection's hourly
# slices on the embedded read-model store and times /summary and /daily's query handlers. Not a test.
#
#   bench/run-metrics-queries.sh                 # 1,000,000 feedback, 30 days
#   bench/run-metrics-queries.sh 200000 7
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -ntp -q -pl analysis-service -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
java -Xmx1g -cp "analysis-service/target/test-classes:analysis-service/target/classes:$(cat "$CP_FILE")" \
    dev.feedbackloop.analysis.metrics.MetricsQueryBench "$@"
