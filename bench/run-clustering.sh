#!/usr/bin/env bash
# Failure clustering benchmark: clusters 10,000 and 50,000 generated failures under -Xmx1g and prints the median
# wall time of 3 runs (after a warm-up run) and the heap high-water mark. Not a test.
#
#   bench/run-clustering.sh              # 10000 and 50000
#   bench/run-clustering.sh 20000        # other sizes
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -ntp -q -pl analysis-service -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
java -Xmx1g -cp "analysis-service/target/test-classes:analysis-service/target/classes:$(cat "$CP_FILE")" \
    dev.feedbackloop.analysis.clustering.ClusteringBench "$@"
