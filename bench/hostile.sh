#!/usr/bin/env bash
# A hostile client against walguard while the API server's reviews go on: the withheld-body attack.
#
#   bench/hostile.sh [--build]
#
# Starts the webhook with HTTPS (as deployed), measures the marked review at PROBE_RATE req/s over HTTP/2 without
# an attack, then again while bench/withhold.py keeps ATTACKERS (200) TLS connections open that each sent headers
# declaring a 20,000-byte body and then withhold it (a closed one is reopened at once). Prints both latencies, how
# long walguard let the attacking connections live (the 10 s body-read deadline), and a markdown table. Every
# target is on 127.0.0.1. Settings: bench/lib.sh, and
#   ATTACKERS=200 PROBE_RATE=50 PROBE_SECS=30 CLIENTS=5 WARMUP_SECS=10
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0; }

ATTACKERS=${ATTACKERS:-200}
PROBE_RATE=${PROBE_RATE:-50}
PROBE_SECS=${PROBE_SECS:-30}
CLIENTS=${CLIENTS:-5}
WARMUP_SECS=${WARMUP_SECS:-10}

need h2load nghttp2-client
need openssl openssl
need python3 python3
build "${1:-}"
compact "$MARKED" "$WORK/marked.json"
BODY=$WORK/marked.json
start_server tls

log "warm-up ${WARMUP_SECS}s (discarded)"
h2load_run warmup "$BODY" "$WARMUP_SECS" 500 10

log "baseline: $PROBE_RATE req/s for ${PROBE_SECS}s, no attack"
h2load_run quiet "$BODY" "$PROBE_SECS" "$PROBE_RATE" "$CLIENTS"
(( BAD == 0 )) || die "baseline: $BAD non-200 answers or errors"
QUIET="| none | $N | $P50 ms | $P99 ms | $MAX ms | 0 |"
echo "$N requests: p50 $P50 ms, p99 $P99 ms, max $MAX ms"

log "attack: $ATTACKERS withheld bodies over TLS, held for $((PROBE_SECS + 5))s; same probe meanwhile"
python3 "$ROOT/bench/withhold.py" 127.0.0.1 "$PORT" "$ATTACKERS" $((PROBE_SECS + 5)) tls >"$WORK/attack.txt" 2>&1 &
HELPER_PIDS+=($!)
for _ in $(seq 1 100); do grep -q '^open' "$WORK/attack.txt" && break; sleep 0.2; done
grep -q '^open' "$WORK/attack.txt" || { cat "$WORK/attack.txt" >&2; die "the attacker could not open its connections"; }
h2load_run attacked "$BODY" "$PROBE_SECS" "$PROBE_RATE" "$CLIENTS"
ATTACK_BAD=$BAD
echo "$N requests: p50 $P50 ms, p99 $P99 ms, max $MAX ms, $BAD not HTTP 200"
wait "${HELPER_PIDS[-1]}" || true
CUT=$(grep '^closed' "$WORK/attack.txt" || echo "closed by the server: (no report)")
echo "$CUT"
ATTACKED="| $ATTACKERS withheld bodies | $N | $P50 ms | $P99 ms | $MAX ms | $ATTACK_BAD |"

cat <<SUMMARY

== summary (paste into a README)

Machine: $(machine).
Webhook: HTTPS only, -Xms$BENCH_HEAP -Xmx$BENCH_HEAP, example cluster, 127.0.0.1. Probe: the marked review at
$PROBE_RATE req/s over HTTP/2 for ${PROBE_SECS}s ($CLIENTS h2load clients). Attack: $ATTACKERS TLS connections that
each send headers declaring a 20,000-byte body and the first byte of it, then nothing; each one closed is reopened.

| attack | probe requests | p50 | p99 | max | not 200 |
|---|---:|---:|---:|---:|---:|
$QUIET
$ATTACKED

Attacking connections $CUT.
SUMMARY
(( ATTACK_BAD == 0 )) || die "$ATTACK_BAD probe requests failed during the attack"
