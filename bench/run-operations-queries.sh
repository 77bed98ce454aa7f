#!/usr/bin/env bash
# Operations query benchmark: folds N generated interactions (default 1,000,000 in one day) into the operations
# projection's minute and hour slices on the embedded read-model store and times the series, summary, errors and
# the monitors' contract (OperationalMetrics.minutes). Not a test.
#
#   bench/run-operations-queries.sh              # 1,000,000 interactions
#   bench/run-operations-queries.sh 200000
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -ntp -q -o -pl analysis-service -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
java -Xmx2g -cp "analysis-service/target/test-classes:analysis-service/target/classes:$(cat "$CP_FILE")" \
    dev.feedbackloop.analysis.operations.OperationsQueryBench "$@"
