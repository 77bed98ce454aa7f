#!/usr/bin/env bash
# LIKE benchmark: comment LIKE '%a%a%b' on the embedded read-model store, translated as now (atomic, linear) and as
# before (^.*a.*a.*b$, cubic), over comments of up to 10,000 characters. Not a test. The optional argument caps the
# old translation's run on 10,000 characters, in seconds (default 60); it keeps a core busy until then.
#
#   bench/run-like-search.sh
#   bench/run-like-search.sh 30
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -ntp -q -pl analysis-service -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
java -Xmx1g -cp "analysis-service/target/test-classes:analysis-service/target/classes:$(cat "$CP_FILE")" \
    dev.feedbackloop.analysis.query.LikeSearchBench "$@"
