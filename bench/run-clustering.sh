#!/usr/bin/env bash
# Failure clustering benchmark: clusters 10,000 and 50,000 generated failures under -Xmx1g and prints the median
# wall time of 3 runs (after a warm-up run) and the heap high-water mark. Not a test.
#
#   bench/run-clustering.sh              # 10000 and 50000, TF-IDF over the generated shop corpus
#   bench/run-clustering.sh 20000        # other sizes
#   MODEL=bge-small-en-v1.5 bench/run-clustering.sh   # sentence vectors (embedded first, timed apart), then clustered
#   MODEL=hashed bench/run-clustering.sh   # 384-d hashed word vectors: the same clustering cost without the model
#   MAVEN_ARGS="-o -Dmaven.repo.local=/path" bench/run-clustering.sh   # extra Maven arguments
#   JAVA_OPTS="-Dmerge=0.16" MODEL=bge-small-en-v1.5 bench/run-clustering.sh 1000   # other dense settings (merge,
#                                                          # member, cohesion, meta, center), as EmbeddingExperiment reads them
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -ntp -q ${MAVEN_ARGS:-} -pl analysis-service -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
java -Xmx1g ${JAVA_OPTS:-} -Dmodel="${MODEL:-none}" -cp "analysis-service/target/test-classes:analysis-service/target/classes:$(cat "$CP_FILE")" \
    dev.feedbackloop.analysis.clustering.ClusteringBench "$@"
