#!/usr/bin/env bash
# Heap retained by the live cluster view's informer caches, and time until they are synced, for N synthetic pods
# served by a fabric8 mock API server in pages of 500 (src/test/java/dev/walguard/bench/InformerHeapBenchmark.java).
#
# usage: bench/informer-heap.sh [PODS...]          default: 10000 50000 150000
# env:   SHAPES=statefulset,deployment,mixed      which synthetic clusters (see SyntheticCluster)
#        REPLICAS=3                               pods per workload
#        HEAP=3g                                  -Xmx of the test JVM
# The table is printed and written to target/informer-heap.md.
set -euo pipefail
cd "$(dirname "$0")/.."
pods="${*:-10000 50000 150000}"
pods="${pods// /,}"
exec ./mvnw -B -q test -Dtest=InformerHeapBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dwalguard.bench.pods="$pods" \
  -Dwalguard.bench.shapes="${SHAPES:-statefulset,deployment,mixed}" \
  -Dwalguard.bench.replicas="${REPLICAS:-3}" \
  -DargLine="-Xmx${HEAP:-3g} -XX:+UseSerialGC"
