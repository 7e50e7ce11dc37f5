#!/usr/bin/env bash
# Time of the admission handler, in-process, on crafted reviews at size n and 4n (4n = the API server's 3 MiB
# limit), and their ratio: about 4 means linear, 16 quadratic (src/test/java/dev/walguard/bench/ComplexityBenchmark.java,
# reviews from CraftedReviews.java).
#
# usage: bench/complexity.sh [REVIEW,...]      default: all
# env:   SCALE=1     fraction of the size limit to use for 4n (e.g. 0.0625 to time code that is still quadratic)
#        RUNS=9      timed runs per size (the least is reported), after a warm-up of up to 2 s
#        HEAP=2g     -Xmx of the test JVM
#        JFR=FILE    record a JFR profile of the run into FILE (e.g. RUNS=300 JFR=target/x.jfr bench/complexity.sh x)
# The table is printed and written to target/complexity.md; the test output goes to target/complexity.log.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
./mvnw -B -q test -Dtest=ComplexityBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dwalguard.bench.complexity="${1:-all}" \
  -Dwalguard.bench.scale="${SCALE:-1}" \
  -Dwalguard.bench.runs="${RUNS:-9}" \
  -DargLine="-Xmx${HEAP:-2g} -XX:+UseParallelGC${JFR:+ -XX:StartFlightRecording=filename=$JFR,settings=profile}" \
  > target/complexity.log 2>&1 \
  || { tail -50 target/complexity.log; exit 1; }
cat target/complexity.md
