#!/usr/bin/env bash
# Reads past gaps on the embedded H2 event store: for each store size, the median time of one read of a reader
# that waits for a position committed late (a gap), with Axon's own statement and with the platform's
# IndexedGapReads (platform-support, GapReadsBench). Not a test; each store is a fresh H2 file in the temp folder,
# deleted once measured (a million events take about 6 GB while it runs).
#
#   bench/run-gap-reads.sh                  # 10,000, 100,000 and 1,000,000 events (about 2 minutes)
#   bench/run-gap-reads.sh 50000            # other sizes
#   MAVEN_ARGS=-o bench/run-gap-reads.sh    # extra Maven arguments
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -ntp -q ${MAVEN_ARGS:-} -pl platform-support -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), commit $(git rev-parse --short HEAD)"
java -Xmx1g ${JAVA_OPTS:-} -cp "platform-support/target/test-classes:platform-support/target/classes:$(cat "$CP_FILE")" \
    dev.feedbackloop.support.store.GapReadsBench "$@"
