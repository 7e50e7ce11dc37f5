#!/usr/bin/env bash
# Soak: walguard under a steady 500 req/s for 5 minutes over HTTPS/HTTP/2, sampled every 30 s.
#
#   bench/soak.sh [--build]
#
# Sends the marked review at RATE req/s in back-to-back SAMPLE_SECS runs of h2load (HTTP/2 over TLS, as in
# bench/h2-load.sh) for SOAK_SECS in all. After each run it samples the heap from /q/metrics on the management
# port (heap used, and the old generation, which grows if anything leaks) and prints a table of p50, p99 and heap
# per sample. Fails on any non-200 answer. Every target is on 127.0.0.1. Settings: bench/lib.sh, and
#   RATE=500 SOAK_SECS=300 SAMPLE_SECS=30 CLIENTS=10 WARMUP_SECS=20
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0; }

RATE=${RATE:-500}
SOAK_SECS=${SOAK_SECS:-300}
SAMPLE_SECS=${SAMPLE_SECS:-30}
CLIENTS=${CLIENTS:-10}
WARMUP_SECS=${WARMUP_SECS:-20}

need h2load nghttp2-client
need openssl openssl
need curl curl
build "${1:-}"
compact "$MARKED" "$WORK/marked.json"
BODY=$WORK/marked.json
start_server tls

old_gen_mib() {
  curl -fs --max-time 5 "$MBASE/q/metrics" \
    | awk '/^jvm_memory_used_bytes\{.*area="heap".*Old Gen/ { s += $NF } END { printf "%.1f", s / 1048576 }'
}

log "warm-up ${WARMUP_SECS}s (discarded)"
h2load_run warmup "$BODY" "$WARMUP_SECS" "$RATE" "$CLIENTS"
HEAP0=$(heap_used_mib); OLD0=$(old_gen_mib)
echo "after warm-up: heap used $HEAP0 MiB, old generation $OLD0 MiB"

log "soak: $RATE req/s for ${SOAK_SECS}s, sampled every ${SAMPLE_SECS}s"
TABLE="| t | req/s | p50 | p99 | max | heap used | old gen |
|---:|---:|---:|---:|---:|---:|---:|"
TOTAL=0
for (( t = SAMPLE_SECS; t <= SOAK_SECS; t += SAMPLE_SECS )); do
  h2load_run "sample-$t" "$BODY" "$SAMPLE_SECS" "$RATE" "$CLIENTS"
  (( BAD == 0 )) || { cat "$WORK/h2load-sample-$t.txt" >&2; die "t=${t}s: $BAD non-200 answers or errors"; }
  TOTAL=$((TOTAL + N))
  row="| ${t}s | $RPS | $P50 ms | $P99 ms | $MAX ms | $(heap_used_mib) MiB | $(old_gen_mib) MiB |"
  echo "$row"
  TABLE+=$'\n'"$row"
done

cat <<SUMMARY

== summary (paste into a README)

Machine: $(machine).
Webhook: HTTPS only, HTTP/2 ($PROTO), -Xms$BENCH_HEAP -Xmx$BENCH_HEAP, example cluster, 127.0.0.1. Marked review at a
fixed $RATE req/s with h2load ($CLIENTS clients), ${SOAK_SECS}s in ${SAMPLE_SECS}s runs after ${WARMUP_SECS}s warm-up
(heap then: $HEAP0 MiB used, old generation $OLD0 MiB); $TOTAL requests, all HTTP 200.

$TABLE
SUMMARY
