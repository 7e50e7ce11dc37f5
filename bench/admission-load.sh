#!/usr/bin/env bash
# Admission load benchmark for walguard: throughput and latency of POST /validate.
#
#   bench/admission-load.sh [--build]
#
# Starts the webhook on the example cluster (examples/cluster) on a loopback port, checks one
# request of each stream, warms up, then measures with wrk:
#   1. unmarked stream  (examples/reviews/unmarked-three-claims.json: the floor, HTTP + JSON only;
#      the same Deployment as the marked stream without its walguard.dev annotations)
#   2. marked stream    (examples/reviews/marked-three-claims.json: three claims, allowed)
# and then a fixed-rate run of the marked stream (500 req/s by default) with hey (or h2load).
# Ends with a markdown summary. See bench/README.md. Every target is on 127.0.0.1.
#
# Settings (environment):
#   BENCH_PORT=18080        first port to try; the next free one up to +50 is taken
#   BENCH_MANAGEMENT_PORT, BENCH_HEAP, BENCH_JAVA_OPTS, READY_TIMEOUT, BENCH_KEEP: see bench/lib.sh
#   WARMUP_SECS=20          warm-up load, discarded (half unmarked, half marked)
#   DURATION_SECS=30        each measured wrk stream
#   THREADS=2 CONNECTIONS=32  wrk threads and connections (sized for 2 cores)
#   RATE=500                fixed rate for the latency check, requests/s
#   RATE_SECS=30            length of the fixed-rate run
#   RATE_WORKERS=10         concurrent workers in the fixed-rate run (RATE must divide evenly)
#   RATE_TOOL=auto          auto | hey | h2load
set -euo pipefail

BUILD=
for arg in "$@"; do
  case "$arg" in
    --build) BUILD=--build ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

BENCH_PORT=${BENCH_PORT:-18080}
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

WARMUP_SECS=${WARMUP_SECS:-20}
DURATION_SECS=${DURATION_SECS:-30}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
RATE=${RATE:-500}
RATE_SECS=${RATE_SECS:-30}
RATE_WORKERS=${RATE_WORKERS:-10}
RATE_TOOL=${RATE_TOOL:-auto}

UNMARKED=$ROOT/examples/reviews/unmarked-three-claims.json
LUA=$ROOT/bench/post-review.lua

for f in "$UNMARKED" "$MARKED" "$LUA"; do [[ -r $f ]] || die "missing $f"; done
(( RATE % RATE_WORKERS == 0 )) || die "RATE ($RATE) must be a multiple of RATE_WORKERS ($RATE_WORKERS)"

compact "$UNMARKED" "$WORK/unmarked.json" && UNMARKED=$WORK/unmarked.json
compact "$MARKED" "$WORK/marked.json" && MARKED=$WORK/marked.json

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "tools"
need wrk wrk
need curl curl
command -v java >/dev/null || die "java is not on PATH"
echo "wrk: $(command -v wrk)"

# Fixed rate: wrk cannot hold a rate. Debian (bookworm) has no wrk2; hey's -q holds a rate per
# worker; h2load (nghttp2-client) has --rps per client but prints no percentiles, so its
# per-request log is used.
pick_rate_tool() {
  case "$RATE_TOOL" in
    hey)    command -v hey >/dev/null || apt_install hey >&2 || return 1; echo hey ;;
    h2load) command -v h2load >/dev/null || apt_install nghttp2-client >&2 || return 1; echo h2load ;;
    auto)
      if command -v hey >/dev/null; then echo hey
      elif command -v h2load >/dev/null; then echo h2load
      elif apt_install hey >&2; then echo hey
      elif apt_install nghttp2-client >&2; then echo h2load
      else return 1
      fi ;;
    *) return 1 ;;
  esac
}
RATE_BIN=$(pick_rate_tool) || die "no fixed-rate load tool (RATE_TOOL=$RATE_TOOL): tried hey and h2load"
echo "fixed-rate tool: $RATE_BIN ($(command -v "$RATE_BIN"))"

build $BUILD
start_server plain

# ---------------------------------------------------------------------------------------- correctness
log "correctness: one request of each stream"
check_one() { # check_one NAME FILE
  local out code
  out=$(curl -s --max-time 10 -o "$WORK/check-$1.json" -w '%{http_code}' \
        -H 'Content-Type: application/json' --data-binary "@$2" "$URL") || die "$1: request failed"
  code=$out
  [[ $code == 200 ]] || die "$1: HTTP $code: $(head -c 400 "$WORK/check-$1.json")"
  grep -Eq '"allowed"[[:space:]]*:[[:space:]]*true' "$WORK/check-$1.json" \
    || die "$1: not allowed: $(head -c 400 "$WORK/check-$1.json")"
  echo "$1: HTTP 200 $(head -c 300 "$WORK/check-$1.json")"
}
check_one unmarked "$UNMARKED"
check_one marked "$MARKED"

# ---------------------------------------------------------------------------------------- wrk
# run_wrk NAME BODY SECS: wrk with post-review.lua; fails on any non-200, not-allowed or socket error
run_wrk() {
  local name=$1 body=$2 secs=$3 out=$WORK/wrk-$1.txt line
  timeout $((secs + 60)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --timeout 5s --latency \
    -s "$LUA" "$URL" -- "$body" >"$out" 2>&1 || { cat "$out" >&2; die "$name: wrk failed"; }
  line=$(grep '^WALGUARD requests=' "$out") || { cat "$out" >&2; die "$name: no summary from post-review.lua"; }
  local bad
  bad=$(awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
               print v["non200"] + v["not_allowed"] + v["connect_err"] + v["read_err"] + v["write_err"] + v["timeout_err"] + v["status_err"] }' <<<"$line")
  if [[ $bad != 0 ]]; then
    cat "$out" >&2
    die "$name: $bad bad responses or socket errors during load (see above)"
  fi
  echo "$line"
}
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; } # field LINE KEY

half=$(( WARMUP_SECS / 2 > 0 ? WARMUP_SECS / 2 : 1 ))
log "warm-up: ${half}s unmarked + ${half}s marked (discarded)"
run_wrk warmup-unmarked "$UNMARKED" "$half" >/dev/null
run_wrk warmup-marked "$MARKED" "$half" >/dev/null
echo "done"

log "stream 1: unmarked (floor), ${DURATION_SECS}s, -t$THREADS -c$CONNECTIONS"
U=$(run_wrk unmarked "$UNMARKED" "$DURATION_SECS")
sed -n '/Latency Distribution/,/Requests\/sec/p' "$WORK/wrk-unmarked.txt"
log "stream 2: marked, ${DURATION_SECS}s, -t$THREADS -c$CONNECTIONS"
M=$(run_wrk marked "$MARKED" "$DURATION_SECS")
sed -n '/Latency Distribution/,/Requests\/sec/p' "$WORK/wrk-marked.txt"

U_RPS=$(field "$U" rps); U_P50=$(ms "$(field "$U" p50_us)"); U_P99=$(ms "$(field "$U" p99_us)")
M_RPS=$(field "$M" rps); M_P50=$(ms "$(field "$M" p50_us)"); M_P99=$(ms "$(field "$M" p99_us)")
U_N=$(field "$U" requests); M_N=$(field "$M" requests)
RATIO=$(awk -v m="$M_RPS" -v u="$U_RPS" 'BEGIN { printf "%.1f", (u > 0 ? 100 * m / u : 0) }')
printf '\nunmarked: %s req/s  p50 %s ms  p99 %s ms  (%s requests, all 200 + allowed)\n' "$U_RPS" "$U_P50" "$U_P99" "$U_N"
printf 'marked:   %s req/s  p50 %s ms  p99 %s ms  (%s requests, all 200 + allowed)\n' "$M_RPS" "$M_P50" "$M_P99" "$M_N"
printf 'marked / unmarked throughput: %s %%\n' "$RATIO"

# ---------------------------------------------------------------------------------------- fixed rate
PER_WORKER=$(( RATE / RATE_WORKERS ))
log "fixed rate: marked stream at $RATE req/s ($RATE_WORKERS workers x $PER_WORKER req/s), ${RATE_SECS}s, $RATE_BIN"
case "$RATE_BIN" in
  hey)
    out=$WORK/hey.txt
    timeout $((RATE_SECS + 60)) hey -z "${RATE_SECS}s" -q "$PER_WORKER" -c "$RATE_WORKERS" -t 10 \
      -m POST -T application/json -D "$MARKED" "$URL" >"$out" 2>&1 || { cat "$out" >&2; die "hey failed"; }
    grep -E 'Requests/sec:|Slowest:|% in |^Status code|^Error dist|responses$|^ +\[[0-9]+\]' "$out" || true
    R_RPS=$(awk '/Requests\/sec:/ { printf "%.1f", $2 }' "$out")
    R_P50=$(awk '$1 == "50%" && $2 == "in" { printf "%.2f", $3 * 1000 }' "$out")
    R_P99=$(awk '$1 == "99%" && $2 == "in" { printf "%.2f", $3 * 1000 }' "$out")
    R_N=$(awk '/^Status code distribution:/ { s = 1; next } s && /responses/ { n += $2 } END { print n + 0 }' "$out")
    R_BAD=$(awk '/^Status code distribution:/ { s = 1; next } /^Error distribution:/ { e = 1 }
                 s && /responses/ && $1 != "[200]" { n += $2 } e && /^ *\[[0-9]+\]/ { n += substr($1, 2) + 0 }
                 END { print n + 0 }' "$out")
    ;;
  h2load)
    h2load_run rate "$MARKED" "$RATE_SECS" "$RATE" "$RATE_WORKERS" --h1
    out=$WORK/h2load-rate.txt
    sed -n '/^finished in/,/^status codes/p' "$out"
    R_N=$N; R_RPS=$RPS; R_P50=$P50; R_P99=$P99; R_BAD=$BAD
    ;;
esac
[[ -n $R_P50 && -n $R_P99 && -n $R_RPS ]] || { cat "$out" >&2; die "could not parse $RATE_BIN output"; }
(( R_N > 0 )) || die "fixed-rate run: no responses"
(( R_BAD == 0 )) || die "fixed-rate run: $R_BAD non-200 responses or errors"
printf '\nfixed rate: %s req/s achieved (target %s)  p50 %s ms  p99 %s ms  (%s requests, all 200)\n' \
  "$R_RPS" "$RATE" "$R_P50" "$R_P99" "$R_N"

# ---------------------------------------------------------------------------------------- summary
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo "NOT met"; fi; }
RATE_OK=$(verdict "$R_RPS >= 0.95 * $RATE")

cat <<EOF

== summary (paste into a README)

Machine: $(machine | sed 's/; load average.*//'); load average $LOAD_START at start, $LOAD_END at end (the end includes this run's own load).
Webhook: -Xms$BENCH_HEAP -Xmx$BENCH_HEAP, example cluster, 127.0.0.1. wrk -t$THREADS -c$CONNECTIONS, ${DURATION_SECS}s per stream after ${WARMUP_SECS}s warm-up; fixed rate with $RATE_BIN, $RATE_WORKERS workers, ${RATE_SECS}s.

| stream | req/s | p50 | p99 |
|---|---:|---:|---:|
| unmarked (floor), wrk | $U_RPS | $U_P50 ms | $U_P99 ms |
| marked (three claims), wrk | $M_RPS | $M_P50 ms | $M_P99 ms |
| marked at fixed $RATE req/s, $RATE_BIN | $R_RPS | $R_P50 ms | $R_P99 ms |

Marked / unmarked throughput: $RATIO % (target ≥ 80 %: $(verdict "$RATIO >= 80")).
p99 at $RATE req/s: $R_P99 ms (target < 5 ms: $(verdict "$R_P99 < 5")); rate held: $RATE_OK.
All responses during the load were HTTP 200 with "allowed":true (fixed-rate run: HTTP 200).
EOF
