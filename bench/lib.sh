# Shared by bench/admission-load.sh, bench/h2-load.sh, bench/soak.sh and bench/hostile.sh (sourced, not run).
#
# Starts walguard on the example cluster on loopback ports, plain or with a self-signed TLS certificate
# through the TLS registry (the variables deploy/ uses), and stops it on exit. Every target is 127.0.0.1.
#
# Settings (environment):
#   BENCH_PORT=18443          first webhook port to try; the next free one up to +50 is taken
#   BENCH_MANAGEMENT_PORT=19000  first management port to try (health, metrics)
#   BENCH_HEAP=512m           -Xms and -Xmx of the webhook
#   BENCH_JAVA_OPTS=          extra JVM options
#   READY_TIMEOUT=90          seconds to wait for /q/health/ready
#   BENCH_KEEP=               a directory to keep raw tool output in (default: a temp dir, removed)

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

BENCH_PORT=${BENCH_PORT:-18443}
BENCH_MANAGEMENT_PORT=${BENCH_MANAGEMENT_PORT:-19000}
BENCH_HEAP=${BENCH_HEAP:-512m}
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:-}
READY_TIMEOUT=${READY_TIMEOUT:-90}
JAR=target/quarkus-app/quarkus-run.jar
CLUSTER=${BENCH_CLUSTER:-$ROOT/examples/cluster}   # BENCH_CLUSTER: another cluster state, e.g. for an A/B
MARKED=$ROOT/examples/reviews/marked-three-claims.json
DENY=$ROOT/examples/reviews/deny-sonarr-nfs.json

log() { printf '\n== %s\n' "$*"; }
die() { printf '\nFAIL: %s\n' "$*" >&2; exit 1; }

if [[ -n ${BENCH_KEEP:-} ]]; then
  WORK=$BENCH_KEEP; mkdir -p "$WORK"
else
  WORK=$(mktemp -d /tmp/walguard-bench.XXXXXX)
fi

SERVER_PID=
HELPER_PIDS=()
cleanup() {
  local rc=$?
  for pid in "${HELPER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  [[ -z ${BENCH_KEEP:-} ]] && rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

APT_UPDATED=0
apt_install() { # apt_install PACKAGE: install a Debian package if apt has a candidate for it
  local pkg=$1
  command -v apt-get >/dev/null || return 1
  if (( ! APT_UPDATED )); then
    timeout 300 apt-get update -qq >/dev/null || return 1
    APT_UPDATED=1
  fi
  grep -q 'Candidate: [0-9]' <<<"$(apt-cache policy "$pkg" 2>/dev/null)" || return 1
  echo "installing $pkg (apt-get)"
  DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq "$pkg" >/dev/null
}
need() { # need COMMAND PACKAGE
  command -v "$1" >/dev/null || apt_install "$2" || die "$1 is missing and $2 could not be installed"
}

# kube-apiserver sends compact JSON; the example files are pretty-printed for people.
compact() { # compact IN OUT
  python3 -c 'import json, sys; json.dump(json.load(open(sys.argv[1])), open(sys.argv[2], "w"), separators=(",", ":"))' "$1" "$2"
}

port_busy() { [[ -n $(ss -ltnH "sport = :$1" 2>/dev/null) ]]; }
free_port() { # free_port FIRST
  local p
  for p in $(seq "$1" $(($1 + 50))); do
    if ! port_busy "$p"; then echo "$p"; return 0; fi
  done
  return 1
}

build() {
  if [[ ${1:-} == --build ]] || [[ ! -f $JAR ]]; then
    log "build (./mvnw -B -q package -DskipTests)"
    timeout 900 ./mvnw -B -q package -DskipTests || die "build failed"
  fi
  [[ -f $JAR ]] || die "$JAR not found after build"
}

# A self-signed EC certificate for 127.0.0.1 and localhost, as cert-manager would mount it.
self_signed() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=walguard-bench \
    -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' -keyout "$WORK/tls.key" -out "$WORK/tls.crt" 2>/dev/null \
    || die "openssl could not make a certificate"
}

# start_server tls|plain: sets PORT, MPORT, SCHEME, URL (of /validate), MBASE (management base URL)
start_server() {
  PORT=$(free_port "$BENCH_PORT") || die "no free port from $BENCH_PORT"
  MPORT=$(free_port "$BENCH_MANAGEMENT_PORT") || die "no free port from $BENCH_MANAGEMENT_PORT"
  local env=(WALGUARD_CLUSTER_STATE="$CLUSTER" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_MANAGEMENT_HOST=127.0.0.1
             QUARKUS_MANAGEMENT_PORT="$MPORT")
  if [[ $1 == tls ]]; then
    self_signed
    SCHEME=https
    env+=(QUARKUS_HTTP_SSL_PORT="$PORT" QUARKUS_HTTP_INSECURE_REQUESTS=disabled
          QUARKUS_HTTP_TLS_CONFIGURATION_NAME=walguard
          QUARKUS_TLS_WALGUARD_KEY_STORE_PEM_SERVING_CERT="$WORK/tls.crt"
          QUARKUS_TLS_WALGUARD_KEY_STORE_PEM_SERVING_KEY="$WORK/tls.key"
          QUARKUS_TLS_WALGUARD_PROTOCOLS=TLSv1.3,TLSv1.2)
  else
    SCHEME=http
    env+=(QUARKUS_HTTP_PORT="$PORT")
  fi
  URL=$SCHEME://127.0.0.1:$PORT/validate
  MBASE=http://127.0.0.1:$MPORT
  log "start webhook on $SCHEME://127.0.0.1:$PORT, management on $MBASE (heap $BENCH_HEAP)"
  # shellcheck disable=SC2086
  env "${env[@]}" java -Xms"$BENCH_HEAP" -Xmx"$BENCH_HEAP" $BENCH_JAVA_OPTS -jar "$JAR" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  local deadline=$((SECONDS + READY_TIMEOUT))
  until curl -fs -o /dev/null --max-time 2 "$MBASE/q/health/ready"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      tail -n 30 "$WORK/server.log" >&2; SERVER_PID=
      die "webhook exited before it was ready (log above)"
    fi
    (( SECONDS < deadline )) || { tail -n 30 "$WORK/server.log" >&2; die "webhook not ready within ${READY_TIMEOUT}s"; }
    sleep 0.5
  done
  echo "ready (pid $SERVER_PID)"
}

# review BODY: one POST; prints "HTTP-CODE SECONDS"
review() {
  curl -sk -o "$WORK/review.out" -w '%{http_code} %{time_total}\n' --max-time 30 \
    -H 'Content-Type: application/json' --data-binary "@$1" "$URL"
}

ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
percentile() { # percentile P FILE(sorted numbers, one a line) -> nearest-rank value
  awk -v p="$1" '{ a[NR] = $1 } END { if (NR == 0) { print "nan"; exit }
                   r = int(p / 100 * NR + 0.999999); if (r < 1) r = 1; if (r > NR) r = NR; print a[r] }' "$2"
}

# h2load_run NAME BODY SECS RATE CLIENTS [h2load options...]: a fixed-rate run; sets N RPS P50 P99 MAX BAD (ms)
h2load_run() {
  local name=$1 body=$2 secs=$3 rate=$4 clients=$5; shift 5
  local out=$WORK/h2load-$name.txt lg=$WORK/h2load-$name.log
  (( rate % clients == 0 )) || die "rate $rate must be a multiple of $clients clients"
  rm -f "$lg"
  timeout $((secs + 60)) h2load "$@" -D "$secs" --rps $((rate / clients)) -c "$clients" -m 1 \
    -d "$body" -H 'Content-Type: application/json' --log-file "$lg" "$URL" >"$out" 2>&1 \
    || { cat "$out" >&2; die "$name: h2load failed"; }
  # log lines: start time (µs), status, duration (µs)
  awk -F'\t' '{ print $3 }' "$lg" | sort -n >"$lg.lat"
  N=$(wc -l <"$lg.lat")
  (( N > 0 )) || { cat "$out" >&2; die "$name: no responses"; }
  RPS=$(awk -v n="$N" -v s="$secs" 'BEGIN { printf "%.1f", n / s }')
  P50=$(ms "$(percentile 50 "$lg.lat")"); P99=$(ms "$(percentile 99 "$lg.lat")"); MAX=$(ms "$(tail -n 1 "$lg.lat")")
  BAD=$(awk -F'\t' '$2 != 200 { n++ } END { print n + 0 }' "$lg")
  local errs; errs=$(sed -n 's/^requests:.* \([0-9]*\) errored.*/\1/p' "$out"); BAD=$((BAD + ${errs:-0}))
  PROTO=$(sed -n 's/^Application protocol: *//p' "$out")
}

# heap_used_mib: the JVM's heap in use, from /q/metrics
heap_used_mib() {
  curl -fs --max-time 5 "$MBASE/q/metrics" \
    | awk '/^jvm_memory_used_bytes\{.*area="heap"/ { s += $NF } END { printf "%.1f", s / 1048576 }'
}

machine() {
  local cpu; cpu=$(awk -F': *' '/^model name/ && !c++ { print $2 }' /proc/cpuinfo)
  echo "$(nproc) cores, ${cpu:-unknown CPU}, $(java -version 2>&1 | awk 'NR == 1'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
