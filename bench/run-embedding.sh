#!/usr/bin/env bash
# Sentence-embedding cost: per model, the load time, the resident memory it adds, the time per failure text with one
# and two threads, and whether a text alone and in a batch gives the same bits; then a back-fill of COUNT distinct
# failure texts (default 100,000) embedded in chunks of 1,000 as the projection and the clustering's back-fill do, each
# text alone (the projection) and then 16 texts per model run (a back-fill: platform.clustering.embedding.
# backfill-batch-size). Not a test.
#
#   bench/run-embedding.sh                               # both models, 100000 texts
#   COUNT=20000 MODEL=all-minilm-l6-v2 bench/run-embedding.sh
#   JAVA_OPTS=-Dbatches=1,16,32 COUNT=20000 MODEL=bge-small-en-v1.5 bench/run-embedding.sh   # texts per model run
#   MAVEN_ARGS="-o -Dmaven.repo.local=/path" bench/run-embedding.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -ntp -q ${MAVEN_ARGS:-} -pl analysis-service -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
java -Xmx1g ${JAVA_OPTS:-} -cp "analysis-service/target/test-classes:analysis-service/target/classes:$(cat "$CP_FILE")" \
    dev.feedbackloop.analysis.clustering.EmbeddingCost "${COUNT:-100000}" ${MODEL:-}
