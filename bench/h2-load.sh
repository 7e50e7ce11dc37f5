#!/usr/bin/env bash
# HTTPS load on walguard as the API server calls it: TLS (self-signed, through the TLS registry as deploy/
# configures it), HTTP/2 and HTTP/1.1, at a fixed rate.
#
#   bench/h2-load.sh [--build]
#
# Starts the webhook on the example cluster with HTTPS only, checks one review, warms up, then sends the marked
# stream (examples/reviews/marked-three-claims.json) at RATE req/s for RATE_SECS with h2load (nghttp2-client):
# once over HTTP/2 (ALPN h2), once over HTTP/1.1 (h2load --h1). Prints p50/p99/max per protocol and a markdown
# table. Every target is on 127.0.0.1. Settings: bench/lib.sh, and
#   RATE=500 RATE_SECS=30 CLIENTS=10 WARMUP_SECS=20
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0; }

RATE=${RATE:-500}
RATE_SECS=${RATE_SECS:-30}
CLIENTS=${CLIENTS:-10}
WARMUP_SECS=${WARMUP_SECS:-20}

log "tools"
need h2load nghttp2-client
need openssl openssl
need curl curl
build "${1:-}"
compact "$MARKED" "$WORK/marked.json"
BODY=$WORK/marked.json

start_server tls
log "correctness"
read -r code secs < <(review "$BODY")
[[ $code == 200 ]] && grep -q '"allowed":true' "$WORK/review.out" || die "review: HTTP $code $(head -c 300 "$WORK/review.out")"
echo "HTTP 200, allowed, ${secs}s"

log "warm-up: ${WARMUP_SECS}s over HTTP/2 and HTTP/1.1 (discarded)"
h2load_run warmup-h2 "$BODY" $((WARMUP_SECS / 2)) "$RATE" "$CLIENTS"
h2load_run warmup-h1 "$BODY" $((WARMUP_SECS / 2)) "$RATE" "$CLIENTS" --h1
echo done

declare -A ROW
for proto in h2 h1; do
  opts=(); [[ $proto == h1 ]] && opts=(--h1)
  log "$proto: $RATE req/s for ${RATE_SECS}s, $CLIENTS clients"
  h2load_run "$proto" "$BODY" "$RATE_SECS" "$RATE" "$CLIENTS" "${opts[@]}"
  (( BAD == 0 )) || { cat "$WORK/h2load-$proto.txt" >&2; die "$proto: $BAD non-200 answers or errors"; }
  echo "protocol $PROTO: $N requests, $RPS req/s, p50 $P50 ms, p99 $P99 ms, max $MAX ms, all HTTP 200"
  ROW[$proto]="| $PROTO over TLS | $RPS | $P50 ms | $P99 ms | $MAX ms |"
done

cat <<SUMMARY

== summary (paste into a README)

Machine: $(machine).
Webhook: HTTPS only (self-signed EC P-256, TLS 1.3), -Xms$BENCH_HEAP -Xmx$BENCH_HEAP, example cluster, 127.0.0.1.
Marked review (three claims, allowed) at a fixed $RATE req/s for ${RATE_SECS}s with h2load, $CLIENTS clients, one
request at a time each, after ${WARMUP_SECS}s warm-up.

| protocol | req/s | p50 | p99 | max |
|---|---:|---:|---:|---:|
${ROW[h2]}
${ROW[h1]}
SUMMARY
